// The door of /api/trpc, before tRPC reads a byte: at most MAX_BATCH_CALLS calls in one request, no
// use of the session cookie from another site's page, JSON bodies only, and a body read as it arrives
// and refused past MAX_BODY_BYTES, never held whole first. Answers the refusal, or the request to serve.
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "../api/request-limits";
import { apiRefusal } from "./api-refusal";
import { crossSiteProblem } from "./cross-site";
import { readRequestBody } from "./read-request-body";

export async function admitApiRequest(request: Request, endpoint: string): Promise<Request | Response> {
  const calls = batchedCalls(new URL(request.url), endpoint);
  if (calls > MAX_BATCH_CALLS) {
    return apiRefusal("BAD_REQUEST", `a batched request may hold at most ${MAX_BATCH_CALLS} calls, found ${calls}: send them in several requests`);
  }
  // The CLI's bearer token cannot be sent by another site's page (it would need a CORS preflight, which is never granted).
  if (!/^Bearer\s/i.test(request.headers.get("authorization") ?? "")) {
    const problem = crossSiteProblem(request);
    if (problem) return apiRefusal("FORBIDDEN", problem);
  }
  if (request.method !== "POST") return request;
  const body = await readRequestBody(request, "application/json", MAX_BODY_BYTES, "apply fewer goals at once");
  if (body instanceof Response) return body;
  return new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body), signal: request.signal });
}

// tRPC reads `a,b,c?batch=1` as three calls, after decoding the path (so `%2C` is a comma too).
function batchedCalls(url: URL, endpoint: string): number {
  if (url.searchParams.get("batch") !== "1") return 1;
  const path = url.pathname.slice(endpoint.length + 1);
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // tRPC refuses a malformed path itself
  }
  return decoded.split(",").length;
}

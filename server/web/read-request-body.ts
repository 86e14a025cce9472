// A request body of one media type, read as it arrives and refused past `maxBytes` (the rest is never
// read), or the refusal to answer: 415 naming the type expected, 413 naming the limit.
import { apiRefusal } from "./api-refusal";
import { readLimitedBody } from "./read-limited-body";

export async function readRequestBody(request: Request, accepts: string, maxBytes: number, advice: string): Promise<Buffer | Response> {
  const type = mediaType(request.headers.get("content-type"));
  if (type !== accepts) {
    return apiRefusal("UNSUPPORTED_MEDIA_TYPE", `this takes ${accepts} bodies only, found ${type ? `'${type.slice(0, 100)}'` : "no Content-Type"}`);
  }
  // Connection: close, so the server stops reading what the sender still sends.
  const tooLarge = () =>
    apiRefusal("PAYLOAD_TOO_LARGE", `the request body is larger than ${describeBytes(maxBytes)}, the limit: ${advice}`, { connection: "close" });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return tooLarge();
  const body = await readLimitedBody(request.body, maxBytes);
  if (body.kind === "too-large") return tooLarge();
  if (body.kind === "unreadable") return apiRefusal("BAD_REQUEST", "the request body could not be read to its end");
  return body.bytes;
}

// `application/json; charset=utf-8` → `application/json`.
function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

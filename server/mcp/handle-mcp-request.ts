// POST /api/mcp: Setpoint's MCP server over streamable HTTP, stateless (a server and transport per
// request, no session), for agents on other machines. The credential is an API token in the
// Authorization header and nothing else: the dashboard's session cookie is never read here, so a
// browser cannot be made to call it for a signed-in person (no CSRF), and the token's role governs
// every tool exactly as it governs the API.
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { resolveCaller } from "../auth/resolve-caller";
import type { PrismaClient } from "../generated/prisma/client";
import { callInProcess } from "./call-in-process";
import { createSetpointMcpServer } from "./setpoint-mcp-server";

// Goal YAML is at most 1 MiB; JSON-RPC and escaping add to it.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function handleMcpRequest(db: PrismaClient, request: Request): Promise<Response> {
  // Stateless: nothing to stream to (GET) or end (DELETE) outside a request.
  if (request.method !== "POST")
    return rpcError(405, -32000, "this MCP endpoint is stateless: POST each JSON-RPC message (streamable HTTP without sessions)", { Allow: "POST" });
  const caller = await resolveCaller(db, request.headers.get("authorization"), null);
  if (!caller) {
    return rpcError(
      401,
      -32001,
      "send a Setpoint API token as 'Authorization: Bearer <token>' (npx setpoint token create NAME --role ROLE); this endpoint does not read the dashboard's session cookie",
      {
        "WWW-Authenticate": 'Bearer realm="setpoint"',
      },
    );
  }
  const server = createSetpointMcpServer(callInProcess({ db, caller }));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: MAX_BODY_BYTES });
  try {
    await server.connect(transport);
    return await transport.handleRequest(request);
  } catch (error) {
    console.error("[mcp] request failed:", error);
    return rpcError(500, -32603, "internal error in Setpoint's server; its log has the details");
  }
}

function rpcError(status: number, code: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

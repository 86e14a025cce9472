// Setpoint's MCP server over streamable HTTP (server/mcp/handle-mcp-request.ts): bearer tokens only.
import { db } from "@/server/db/client";
import { handleMcpRequest } from "@/server/mcp/handle-mcp-request";

export const dynamic = "force-dynamic";

function handler(request: Request) {
  return handleMcpRequest(db(), request);
}

export { handler as GET, handler as POST, handler as DELETE };

// MCP clients for tests, on the SDK's own Client: over stdio (a real `setpoint mcp` process talking
// to the harness's API) and over streamable HTTP (the real /api/mcp route handler, called in process).
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ROOT } from "./loop-harness";

export type McpClient = Client & { text(tool: string, args?: Record<string, unknown>): Promise<{ isError: boolean; text: string }> };

type Handler = (request: Request) => Promise<Response>;

// The route answers whatever the request's URL; its host is never dialled.
export async function httpMcpClient(handle: Handler, token: string | null, headers: Record<string, string> = {}): Promise<McpClient> {
  const transport = new StreamableHTTPClientTransport(new URL("http://setpoint.test/api/mcp"), {
    requestInit: { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } },
    fetch: (url, init) => handle(new Request(url, init)),
  });
  return connect(transport);
}

export async function stdioMcpClient(api: { url: string }, token: string | null, cwd: string): Promise<McpClient> {
  const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  delete env.SETPOINT_TOKEN;
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(ROOT, "bin/setpoint.mjs"), "mcp"],
    // No data folder of its own: a missing token must not fall back to a stray admin-token file.
    env: { ...env, SETPOINT_URL: api.url, SETPOINT_DATA_DIR: path.join(cwd, "no-data"), ...(token ? { SETPOINT_TOKEN: token } : {}) },
    cwd,
    stderr: "pipe",
  });
  return connect(transport);
}

async function connect(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<McpClient> {
  const client = new Client({ name: "setpoint-tests", version: "1.0.0" });
  await client.connect(transport);
  return Object.assign(client, {
    async text(tool: string, args: Record<string, unknown> = {}) {
      const result = await client.callTool({ name: tool, arguments: args });
      const content = result.content as { type: string; text?: string }[];
      return { isError: result.isError === true, text: content.map((part) => part.text ?? "").join("\n") };
    },
  });
}

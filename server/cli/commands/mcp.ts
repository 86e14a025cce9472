// `mcp`: Setpoint as an MCP server on standard input and output, for an agent on this machine
// (`claude mcp add setpoint -- npx setpoint mcp`). It reaches the API as the CLI does (SETPOINT_URL,
// SETPOINT_TOKEN), so the token's role decides what its tools may do; standard output carries only
// the protocol.
import type { Command } from "commander";

export function registerMcp(program: Command): void {
  program
    .command("mcp")
    .description("serve Setpoint's MCP tools over stdio (for agents such as Claude Code); uses SETPOINT_URL and SETPOINT_TOKEN")
    .action(async () => {
      const [{ StdioServerTransport }, { readCliSettings }, { callOverHttp }, { createSetpointMcpServer }] = await Promise.all([
        import("@modelcontextprotocol/sdk/server/stdio.js"),
        import("../cli-settings"),
        import("../../mcp/call-over-http"),
        import("../../mcp/setpoint-mcp-server"),
      ]);
      const server = createSetpointMcpServer(callOverHttp(readCliSettings()), { baseDir: process.cwd() });
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = resolve;
      });
      await server.connect(transport);
      // Served until the client closes standard input.
      process.stdin.once("end", () => void server.close());
      await closed;
    });
}

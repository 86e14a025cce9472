// Setpoint as an MCP server: the same tools and resource whether an agent reaches it over stdio
// (`npx setpoint mcp`) or streamable HTTP (/api/mcp); only the way to the API differs (`call`).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import packageJson from "../../package.json" with { type: "json" };
import { registerChangeTools } from "./change-tools";
import type { CallProcedure } from "./procedure-calls";
import { registerReadTools } from "./read-tools";
import { registerWaitForGoal } from "./wait-for-goal";

const INSTRUCTIONS =
  "Setpoint runs AI coding loops toward declared goals: a Goal (YAML) names a repository, an agent, target metrics measured by evaluation layers, and stop conditions; runners iterate until every target holds as measured. Use validate_goal then apply_goal to start one, wait_for_goal to follow it, get_goal and get_iteration to see why it stands where it does, and approve_iteration/reject_iteration at approval gates. What you may do follows your token's role.";

// baseDir: where a relative workspace.repo is read from (the stdio server's folder); none over HTTP.
export function createSetpointMcpServer(call: CallProcedure, options: { baseDir?: string } = {}): McpServer {
  const server = new McpServer({ name: "setpoint", version: packageJson.version }, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } });
  registerReadTools(server, call);
  registerChangeTools(server, call, options);
  registerWaitForGoal(server, call);
  return server;
}

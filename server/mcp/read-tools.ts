// Tools and the resource that read: goals as `get goals` and `describe goal` show them, an iteration as
// `logs` shows it, and each goal's status as JSON. The CLI's formatters lay them out.
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { iterationNumber } from "../api/inputs";
import { GOALS_PAGE } from "../api/request-limits";
import { DESCRIBE_EVENT_LIMIT, DESCRIBE_NOTIFICATION_LIMIT, formatGoalDescription } from "../cli/format/format-goal-description";
import { formatGoalTable } from "../cli/format/format-goal-table";
import { formatLogs } from "../cli/format/format-logs";
import { formatMetrics } from "../cli/format/format-metrics";
import { dnsLabel } from "../spec/goal-spec";
import type { CallProcedure } from "./procedure-calls";
import { DEFAULT_MAX_CHARS, textResult } from "./tool-result";

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

export function registerReadTools(server: McpServer, call: CallProcedure): void {
  server.registerTool(
    "list_goals",
    {
      title: "List goals",
      description:
        "Setpoint's goals by name, a page at a time, each with its phase, this run's iteration n/max, best iteration, target metrics and reason. Filter by label (key=value) or phase; pass the cursor an answer names for the next page.",
      inputSchema: {
        label: z.string().max(200).optional().describe("key=value"),
        phase: z.string().max(40).optional().describe("Queued, Running, AwaitingApproval, Converged, Stalled, Exhausted, Failed, Paused or Cancelled"),
        cursor: dnsLabel.optional().describe("from the previous page's answer"),
      },
      annotations: READ_ONLY,
    },
    async ({ label, phase, cursor }) => {
      const page = await call("goals.list", { label, phase, cursor });
      const table = page.goals.length === 0 ? "no goals" : formatGoalTable(page.goals, new Date(), { wide: true });
      return textResult(page.nextCursor ? `${table}\nmore goals follow: call list_goals with cursor '${page.nextCursor}'` : table);
    },
  );

  server.registerTool(
    "get_goal",
    {
      title: "Describe a goal",
      description:
        "A goal in detail: its spec, status, targets against their latest values, budgets, iterations, recent events and notifications (like `npx setpoint describe goal NAME`).",
      inputSchema: { name: dnsLabel.describe("the goal's name") },
      annotations: READ_ONLY,
    },
    async ({ name }) => {
      const [goal, iterations, events, budgets, notifications] = await Promise.all([
        call("goals.get", { name }),
        call("goals.iterations", { name }),
        call("goals.events", { name, limit: DESCRIBE_EVENT_LIMIT }),
        call("goals.budgets", { name }),
        call("goals.notifications", { name, limit: DESCRIBE_NOTIFICATION_LIMIT }),
      ]);
      return textResult(
        formatGoalDescription(goal, iterations, events, budgets, new Date(), notifications),
        DEFAULT_MAX_CHARS,
        `npx setpoint describe goal ${name}`,
      );
    },
  );

  server.registerTool(
    "get_iteration",
    {
      title: "Read an iteration",
      description:
        "One iteration of a goal (the latest when no number is given): its measured metrics and outcome, the prompt the agent got, the agent's output (its transcript, as stored), the diff, and each evaluation layer's verdict and log.",
      inputSchema: {
        name: dnsLabel.describe("the goal's name"),
        iteration: iterationNumber.optional().describe("the iteration's number; the latest if left out"),
        maxChars: z.number().int().min(1000).max(1_000_000).default(DEFAULT_MAX_CHARS).describe("longer answers are cut in the middle"),
      },
      annotations: READ_ONLY,
    },
    async ({ name, iteration, maxChars }) => {
      const [logs, iterations] = await Promise.all([call("goals.logs", { name, iteration }), call("goals.iterations", { name })]);
      const row = iterations.find((candidate) => candidate.number === logs.iteration);
      const facts = row
        ? `iteration ${row.number} of ${name}: ${row.phase}; metrics ${formatMetrics(row.metrics) || "none"}; commit ${row.commit ?? "-"}; cost $${row.costUsd.toFixed(2)}${row.approval ? `; approval ${row.approval}${row.approvalComment ? ` (${row.approvalComment})` : ""}` : ""}${row.agentError ? `; agent error: ${row.agentError}` : ""}\n\n`
        : "";
      return textResult(facts + formatLogs(logs), maxChars, `npx setpoint logs ${name} --iteration ${logs.iteration}`);
    },
  );

  server.registerResource(
    "goal-status",
    new ResourceTemplate("setpoint://goals/{name}/status", {
      // The first page of goals (up to the API's largest page); list_goals pages through all of them.
      list: async () => ({
        resources: (await call("goals.list", { limit: GOALS_PAGE.max })).goals.map((goal) => ({
          uri: statusUri(goal.metadata.name),
          name: goal.metadata.name,
          title: `${goal.metadata.name}: ${goal.status.phase}`,
          mimeType: "application/json",
        })),
      }),
    }),
    {
      title: "Goal status",
      description: "A goal's status as JSON: phase, reason, message, conditions, iterations, metrics, cost, runner, accepted commit, pull request.",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const name = String(variables.name);
      const goal = await call("goals.get", { name });
      return {
        contents: [
          { uri: uri.href, mimeType: "application/json", text: JSON.stringify({ name, generation: goal.metadata.generation, ...goal.status }, null, 2) },
        ],
      };
    },
  );
}

export function statusUri(name: string): string {
  return `setpoint://goals/${name}/status`;
}

// Tools that change goals (or check a change): apply goal YAML, decide approval gates, steer a goal.
// Each is one API procedure, so the token's role, four-eyes and every input check apply as in the API.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { candidateNumber, iterationNumber } from "../api/inputs";
import { MAX_YAML_CHARS } from "../goals/apply-yaml";
import { dnsLabel } from "../spec/goal-spec";
import type { CallOutput, CallProcedure } from "./procedure-calls";
import { textResult } from "./tool-result";

const yaml = z.string().min(1).max(MAX_YAML_CHARS).describe("one or more Goal documents (apiVersion: setpoint.dev/v1, kind: Goal), separated by ---");
const name = dnsLabel.describe("the goal's name");
const CONTROLS = {
  pause_goal: { path: "goals.pause", title: "Pause a goal", description: "Pause a goal; a runner working on it pauses after its current step." },
  resume_goal: {
    path: "goals.resume",
    title: "Resume a goal",
    description: "Resume a paused (or stopped) goal: it is queued again; an ended goal starts a new run.",
  },
  rerun_goal: {
    path: "goals.rerun",
    title: "Re-run a goal",
    description: "Start a new run of a goal that has ended (converged, stalled, exhausted or failed), with fresh budgets, from its best commit.",
  },
  cancel_goal: { path: "goals.cancel", title: "Cancel a goal", description: "Cancel a goal for good; a running agent is stopped within moments." },
} as const;

export function registerChangeTools(server: McpServer, call: CallProcedure, options: { baseDir?: string }): void {
  const where = options.baseDir
    ? ` A relative workspace.repo is read from ${options.baseDir}.`
    : " workspace.repo must be a git URL or an absolute path on the runners' machine.";

  server.registerTool(
    "validate_goal",
    {
      title: "Validate goal YAML",
      description: `Check goal YAML with the schema Setpoint applies (every problem with its line and field) and say what applying it would do (create, update, unchanged); nothing is stored.${where}`,
      inputSchema: { yaml },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ yaml }) => {
      const { previews } = await call("spec.validateYaml", { yaml, baseDir: options.baseDir });
      return textResult(`valid; applying it would:\n${previews.map(describePreview).join("\n")}`);
    },
  );

  server.registerTool(
    "apply_goal",
    {
      title: "Apply goal YAML",
      description: `Create or update goals from YAML (like \`npx setpoint apply -f\`); all of them or, at the first problem, none. paused: created goals wait until resumed (set their secrets first).${where}`,
      inputSchema: { yaml, paused: z.boolean().default(false) },
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ yaml, paused }) => {
      const { results } = await call("goals.applyYaml", { yaml, paused, baseDir: options.baseDir });
      return textResult(results.map((result) => `goal.setpoint.dev/${result.name} ${result.action} (generation ${result.generation})`).join("\n"));
    },
  );

  server.registerTool(
    "approve_iteration",
    {
      title: "Approve an iteration",
      description: "Approve the iteration waiting at a goal's approval gate. Four-eyes: whoever created or last edited the goal may not.",
      inputSchema: {
        name,
        iteration: iterationNumber,
        comment: z.string().max(10_000).optional(),
        candidate: candidateNumber.optional().describe("best of N: keep this candidate instead of the automatic best"),
      },
      annotations: { destructiveHint: false, openWorldHint: false },
    },
    async ({ name, iteration, comment, candidate }) => textResult(describeDecision(name, await call("goals.approve", { name, iteration, comment, candidate }))),
  );

  server.registerTool(
    "reject_iteration",
    {
      title: "Reject an iteration",
      description: "Reject the iteration waiting at a goal's approval gate; the comment goes into the agent's next prompt. Four-eyes applies.",
      inputSchema: { name, iteration: iterationNumber, comment: z.string().min(1).max(10_000).describe("what is wrong: the agent reads it") },
      annotations: { destructiveHint: false, openWorldHint: false },
    },
    async ({ name, iteration, comment }) => textResult(describeDecision(name, await call("goals.reject", { name, iteration, comment }))),
  );

  for (const [tool, control] of Object.entries(CONTROLS)) {
    server.registerTool(
      tool,
      {
        title: control.title,
        description: control.description,
        inputSchema: { name },
        annotations: { destructiveHint: tool === "cancel_goal", openWorldHint: false },
      },
      async ({ name }) => {
        const goal = await call(control.path, { name });
        return textResult(`goal ${name} is ${goal.status.phase}${goal.status.reason ? ` (${goal.status.reason})` : ""}: ${goal.status.message}`);
      },
    );
  }
}

function describePreview(preview: CallOutput<"spec.validateYaml">["previews"][number]): string {
  if (preview.action === "create") return `  create goal ${preview.name}`;
  if (preview.action === "unchanged") return `  leave goal ${preview.name} unchanged (generation ${preview.generation})`;
  const what = [preview.specChanged ? "its spec" : "", preview.labelsChanged ? "its labels" : ""].filter(Boolean).join(" and ");
  return `  update ${what} of goal ${preview.name} (generation ${preview.generation} → ${preview.nextGeneration})`;
}

function describeDecision(name: string, iteration: CallOutput<"goals.approve">): string {
  return `iteration ${iteration.number} of ${name} is ${iteration.approval ?? iteration.phase}${iteration.approvalComment ? `: ${iteration.approvalComment}` : ""}`;
}

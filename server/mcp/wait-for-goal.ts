// wait_for_goal: returns when the goal has ended, or waits for a person (an approval gate, a pause),
// or when the timeout passes, whichever comes first; never longer than MAX_WAIT_SECONDS. It asks the
// API once a second, and tells a client that asked for progress what changes meanwhile.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { formatMetrics } from "../cli/format/format-metrics";
import { TERMINAL_PHASES, type Phase } from "../loop/types";
import { dnsLabel } from "../spec/goal-spec";
import type { CallOutput, CallProcedure } from "./procedure-calls";
import { textResult } from "./tool-result";
import { sleepUnlessAborted } from "../time/sleep-unless-aborted";

export const MAX_WAIT_SECONDS = 600;
const HELD_BY_A_PERSON: readonly Phase[] = ["AwaitingApproval", "Paused"];

type Goal = CallOutput<"goals.get">;

export function registerWaitForGoal(server: McpServer, call: CallProcedure, pollMs = 1000): void {
  server.registerTool(
    "wait_for_goal",
    {
      title: "Wait for a goal",
      description: `Wait until a goal has ended (Converged, Stalled, Exhausted, Failed, Cancelled) or waits for a person (AwaitingApproval, Paused), or until timeoutSeconds pass (at most ${MAX_WAIT_SECONDS}); then say where it stands. Call it again to wait longer.`,
      inputSchema: { name: dnsLabel.describe("the goal's name"), timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS).default(60) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ name, timeoutSeconds }, extra) => {
      const started = Date.now();
      const deadline = started + timeoutSeconds * 1000;
      const progressToken = extra._meta?.progressToken;
      let last = "";
      for (;;) {
        const goal = await call("goals.get", { name });
        const phase = goal.status.phase as Phase;
        const now = summary(goal);
        if (TERMINAL_PHASES.includes(phase)) return textResult(`goal ${name} has ended: ${now}`);
        if (HELD_BY_A_PERSON.includes(phase)) return textResult(`goal ${name} waits for a person: ${now}`);
        if (Date.now() >= deadline || extra.signal.aborted)
          return textResult(`goal ${name} is still ${phase} after ${timeoutSeconds}s: ${now}; call wait_for_goal again to wait longer`);
        if (progressToken !== undefined && now !== last) {
          await extra
            .sendNotification({
              method: "notifications/progress",
              params: { progressToken, progress: Math.round((Date.now() - started) / 1000), total: timeoutSeconds, message: now },
            })
            .catch(() => {});
        }
        last = now;
        await sleepUnlessAborted(Math.min(pollMs, deadline - Date.now()), extra.signal);
      }
    },
  );
}

function summary({ spec, status }: Goal): string {
  const metrics = formatMetrics(
    status.metrics,
    spec.metrics.map((target) => target.metric),
  );
  const iteration = status.runIteration === null ? "" : `, iteration ${status.runIteration}/${spec.stop.maxIterations}`;
  const pullRequest = status.pullRequest ? `; pull request ${status.pullRequest.url}` : "";
  return `${status.phase}${status.reason ? ` (${status.reason})` : ""}${iteration}${metrics ? `, ${metrics}` : ""}: ${status.message}${pullRequest}`;
}

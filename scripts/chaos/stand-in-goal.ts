// The chaos run's goals: a real shell agent that thinks for a while and appends one line to edits.txt,
// and a layer that counts the lines. A goal converges when the file holds `edits` lines (2–5), so
// iteration n measures exactly n lines: a lost edit or one applied twice shows in the measurements.
import { validateManifest } from "../../server/goals/apply-goal";
import { API_VERSION, type GoalManifest } from "../../server/spec/goal-spec";

export const EDITS_METRIC = "edits.lines";

export function editsFor(index: number): number {
  return 2 + (index % 4);
}

export function standInGoal(name: string, repo: string, edits: number, agentSeconds: number): GoalManifest {
  return validateManifest({
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name, labels: { chaos: "stand-in", edits: String(edits) } },
    spec: {
      intent: `Append one line to edits.txt per iteration until it holds ${edits} lines.`,
      workspace: { repo },
      agent: { executor: "command", command: `sleep ${agentSeconds}; echo "iteration $SETPOINT_ITERATION" >> edits.txt` },
      metrics: [{ metric: EDITS_METRIC, target: `>= ${edits}` }],
      evaluation: { layers: [{ name: "edits", run: "sleep 0.5; cat edits.txt 2>/dev/null | wc -l", parse: "regex", pattern: "(?<lines>\\d+)" }] },
      stop: { maxIterations: 10, stallIterations: 3 },
    },
  });
}

// The goals the loop benchmarks queue alike: a target that never holds, so every goal runs each iteration it is
// given, an agent command of the bench's choosing and one `true` layer; each on its own copy of a repository, as
// goals on real repositories would be. Then the wait for them all to end, and each iteration's overhead.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../server/db/client";
import { validateManifest } from "../server/goals/apply-goal";
import { TERMINAL_PHASES } from "../server/loop/types";
import { API_VERSION, type GoalManifest } from "../server/spec/goal-spec";

const goalName = (prefix: string, index: number) => `${prefix}-goal-${index}`;
// A LIKE pattern for every goal of a prefix.
export const namesOf = (prefix: string) => `${prefix}-goal-%`;

// maxIterations after the baseline (which runs no agent): a goal records maxIterations + 1 iterations.
export function loopGoals(options: {
  prefix: string;
  count: number;
  template: string;
  reposDir: string;
  agentCommand: string;
  maxIterations: number;
}): GoalManifest[] {
  const { prefix, count, template, reposDir, agentCommand, maxIterations } = options;
  return Array.from({ length: count }, (_, index) => {
    const repo = path.join(reposDir, `${prefix}-${index}`);
    fs.cpSync(template, repo, { recursive: true });
    return validateManifest({
      apiVersion: API_VERSION,
      kind: "Goal",
      metadata: { name: goalName(prefix, index) },
      spec: {
        intent: "A target that never holds, so the loop runs every iteration it is given.",
        workspace: { repo },
        agent: { executor: "command", command: agentCommand },
        metrics: [{ metric: "check.exit_code", target: "== 1" }],
        evaluation: { layers: [{ name: "check", run: "true", parse: "exit-code" }] },
        stop: { maxIterations, stallIterations: maxIterations + 5 },
      },
    });
  });
}

export async function waitUntilEnded(db: Db, prefix: string, runners: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ open }] = await db.$queryRaw<{ open: number }[]>`
      SELECT count(*)::int AS open FROM "Goal" WHERE name LIKE ${namesOf(prefix)} AND NOT (phase = ANY(${[...TERMINAL_PHASES]}))`;
    if (open === 0) return;
    if (runners.some((runner) => runner.exitCode !== null)) throw new Error("a runner died during the round");
    if (Date.now() > deadline) throw new Error(`${open} goals had not ended after ${Math.round(timeoutMs / 60_000)} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Overhead: an iteration's wall time minus the time its agent and its layers ran (worktrees, commits, diffs,
// database writes, notifications, and waiting for a core or a connection).
export type IterationTime = { goal: string; number: number; startedAt: number; finishedAt: number; overheadMs: number; agentMs: number; evalMs: number };

export async function readIterationTimes(db: Db, prefix: string): Promise<IterationTime[]> {
  const rows = await db.$queryRaw<{ goal: string; number: number; startedAt: Date; finishedAt: Date; agentMs: number; evalMs: number }[]>`
    SELECT g.name AS goal, i.number, i."startedAt", i."finishedAt", i."agentMs", i."evalMs"
    FROM "Iteration" i JOIN "Goal" g ON g.id = i."goalId"
    WHERE g.name LIKE ${namesOf(prefix)} AND i."finishedAt" IS NOT NULL ORDER BY g.name, i.number`;
  return rows.map((row) => ({
    goal: row.goal,
    number: row.number,
    startedAt: row.startedAt.getTime(),
    finishedAt: row.finishedAt.getTime(),
    overheadMs: row.finishedAt.getTime() - row.startedAt.getTime() - row.agentMs - row.evalMs,
    agentMs: row.agentMs,
    evalMs: row.evalMs,
  }));
}

// How the goals ended, for the error when they did not all record their iterations: counts per phase and message.
export async function describeEnds(db: Db, prefix: string): Promise<string> {
  const rows = await db.$queryRaw<{ phase: string; message: string | null; goals: number }[]>`
    SELECT phase, left(message, 200) AS message, count(*)::int AS goals FROM "Goal" WHERE name LIKE ${namesOf(prefix)}
    GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8`;
  return rows.map((row) => `${row.goals} ${row.phase}: ${row.message ?? ""}`).join("\n");
}

// Reads what the loop needs to decide: the goal, its spec (defaults applied) and its measured history.
import type { Goal, Iteration, PrismaClient } from "../generated/prisma/client";
import type { History, IterationOutcome, IterationRecord } from "../loop/types";
import { secretMasker, type Mask } from "../secrets/mask-secrets";
import { openGoalSecrets } from "../secrets/open-goal-secrets";
import { goalSpecSchema, type GoalSpec } from "../spec/goal-spec";

// The large texts (prompt, diff, agent output) stay in the database: decide never needs them.
export type IterationSummary = Omit<Iteration, "prompt" | "diff" | "agentOutput">;
// secrets: decrypted, for the commands' environment; mask hides their values in all that is recorded.
export type GoalState = { goal: Goal; spec: GoalSpec; iterations: IterationSummary[]; history: History; secrets: Record<string, string>; mask: Mask };

export async function loadGoalState(db: PrismaClient, goalId: string): Promise<GoalState> {
  const goal = await db.goal.findUniqueOrThrow({ where: { id: goalId } });
  // Read at every step, so a secret set or deleted mid-run applies from the next iteration on.
  const [iterations, secrets] = await Promise.all([
    db.iteration.findMany({ where: { goalId }, orderBy: { number: "asc" }, omit: { prompt: true, diff: true, agentOutput: true } }),
    openGoalSecrets(db, goalId),
  ]);
  const spec = goalSpecSchema.parse(goal.spec);
  const history: History = {
    iterations: iterations.filter((row) => row.phase !== "Running").map(toRecord),
    runStartedAt: (goal.runStartedAt ?? new Date()).getTime(),
    windowStart: goal.runFromIteration,
    now: Date.now(),
  };
  return { goal, spec, iterations, history, secrets, mask: secretMasker(Object.values(secrets)) };
}

export function toRecord(row: IterationSummary): IterationRecord {
  return {
    number: row.number,
    outcome: row.phase as IterationOutcome,
    fromIteration: row.fromIteration,
    fromCommit: row.fromCommit,
    commit: row.commit,
    metrics: row.metrics as Record<string, number>,
    policyOk: row.policyOk,
    approval: row.approval as IterationRecord["approval"],
    approvalComment: row.approvalComment,
    costUsd: row.costUsd,
    finishedAt: row.finishedAt?.getTime() ?? null,
  };
}

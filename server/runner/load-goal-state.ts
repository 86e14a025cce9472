// Reads what the loop needs to decide: the goal, its spec (defaults applied) and its measured history.
import type { Goal, Iteration, PrismaClient } from "../generated/prisma/client";
import { toRecord } from "../goals/iteration-record";
import type { History } from "../loop/types";
import { commandSecrets } from "../secrets/connection-secrets";
import { secretMasker, type Mask } from "../secrets/mask-secrets";
import { openGoalSecrets } from "../secrets/open-goal-secrets";
import { parsedSpec } from "../goals/parsed-spec";
import type { GoalSpec } from "../spec/goal-spec";

// The large texts (prompt, diff, agent output, transcript, the files measured for a certificate) stay in the
// database: decide never needs them, and a step reads every iteration of the goal.
export type IterationSummary = Omit<Iteration, "prompt" | "diff" | "agentOutput" | "transcript" | "measuredFiles">;
// secrets: decrypted, for the commands' environment (a connection's own secrets left out); mask hides
// every secret's value in all that is recorded.
export type GoalState = { goal: Goal; spec: GoalSpec; iterations: IterationSummary[]; history: History; secrets: Record<string, string>; mask: Mask };

export async function loadGoalState(db: PrismaClient, goalId: string): Promise<GoalState> {
  // One statement (relationJoins). Secrets are read at every step, so one set or deleted mid-run applies from
  // the next iteration on.
  const {
    iterations,
    secrets: sealed,
    ...goal
  } = await db.goal.findUniqueOrThrow({
    where: { id: goalId },
    include: {
      iterations: { orderBy: { number: "asc" }, omit: { prompt: true, diff: true, agentOutput: true, transcript: true, measuredFiles: true } },
      secrets: { select: { name: true, ciphertext: true } },
    },
  });
  const secrets = openGoalSecrets(sealed);
  const spec = parsedSpec(goal);
  const history: History = {
    iterations: iterations.filter((row) => row.phase !== "Running").map(toRecord),
    runStartedAt: (goal.runStartedAt ?? new Date()).getTime(),
    windowStart: goal.runFromIteration,
    generation: goal.generation,
    now: Date.now(),
  };
  return { goal, spec, iterations, history, secrets: commandSecrets(spec, secrets), mask: secretMasker(Object.values(secrets)) };
}

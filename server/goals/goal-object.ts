// The API's view of a goal and its iterations, shaped like a Kubernetes object.
import { protectViolated } from "../loop/protect-violated";
import type { Goal, Iteration } from "../generated/prisma/client";
import type { PullRequestRecord } from "../pull-requests/publish-pull-request";
import { API_VERSION, type GoalSpec } from "../spec/goal-spec";
import type { Condition } from "./conditions";
import { iterationInRun } from "./iteration-in-run";
import { isHeld } from "./lock-goal";
import { costKnown } from "../executors/cost-known";
import { parsedSpec } from "./parsed-spec";

export type GoalObject = {
  apiVersion: typeof API_VERSION;
  kind: "Goal";
  metadata: { name: string; labels: Record<string, string>; generation: number; uid: string; creationTimestamp: string };
  spec: GoalSpec;
  status: {
    phase: string;
    reason: string;
    message: string;
    conditions: Condition[];
    observedGeneration: number;
    iteration: number | null; // the latest iteration's number, counted over the goal's whole history
    runIteration: number | null; // this run's count, the n of "n / maxIterations"
    runFromIteration: number; // the first iteration of this run
    bestIteration: number | null;
    metrics: Record<string, number>;
    costUsd: number;
    startedAt: string | null;
    runner: string | null;
    acceptedCommit: string | null;
    lastResyncAt: string | null; // triggers.schedule: when the layers were last measured again
    nextResyncAt: string | null; // and when next (only while Converged)
    pullRequest: PullRequestRecord | null; // workspace.pullRequest: the one this goal opened, as last updated
  };
};

export type IterationObject = {
  number: number;
  phase: string;
  commit: string | null;
  fromCommit: string | null;
  fromIteration: number | null; // null: a baseline (iteration 0, or a re-measure), which ran no agent
  metrics: Record<string, number>;
  regression: boolean;
  accepted: boolean;
  approval: "pending" | "approved" | "rejected" | null;
  approvalComment: string | null;
  costUsd: number;
  costKnown: boolean; // false: the agent's CLI printed tokens only (codex, gemini-cli), so costUsd is not what it cost
  tokensIn: number;
  tokensOut: number;
  startedAt: string;
  finishedAt: string | null;
  agentError: string | null;
  candidates: number; // best of N: how many candidate agents it ran (1 without)
  winner: number | null; // the kept candidate's number; null when it ran one
};

export function toGoalObject(goal: Goal): GoalObject {
  const leased = isHeld(goal);
  return {
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: {
      name: goal.name,
      labels: goal.labels as Record<string, string>,
      generation: goal.generation,
      uid: goal.id,
      creationTimestamp: goal.createdAt.toISOString(),
    },
    spec: parsedSpec(goal),
    status: {
      phase: goal.phase,
      reason: goal.reason,
      message: goal.message,
      conditions: goal.conditions as Condition[],
      observedGeneration: goal.observedGeneration,
      iteration: goal.currentIteration,
      runIteration: iterationInRun(goal),
      runFromIteration: goal.runFromIteration,
      bestIteration: goal.bestIteration,
      metrics: goal.metrics as Record<string, number>,
      costUsd: goal.costUsd,
      startedAt: goal.runStartedAt?.toISOString() ?? null,
      runner: leased ? goal.leaseOwner : null,
      acceptedCommit: goal.acceptedCommit,
      lastResyncAt: goal.lastResyncAt?.toISOString() ?? null,
      nextResyncAt: goal.phase === "Converged" ? (goal.nextResyncAt?.toISOString() ?? null) : null,
      pullRequest: (goal.pullRequest as PullRequestRecord | null) ?? null,
    },
  };
}

// The heavy text columns are not needed here, so reads that skip them can still use it.
type IterationRow = Omit<Iteration, "prompt" | "diff" | "agentOutput" | "transcript">;

export function toIterationObject(iteration: IterationRow): IterationObject {
  return {
    number: iteration.number,
    phase: displayPhase(iteration),
    commit: iteration.commit,
    fromCommit: iteration.fromCommit,
    fromIteration: iteration.fromIteration,
    metrics: iteration.metrics as Record<string, number>,
    regression: iteration.regression,
    accepted: iteration.accepted,
    approval: iteration.approval as IterationObject["approval"],
    approvalComment: iteration.approvalComment,
    costUsd: iteration.costUsd,
    costKnown: costKnown(iteration.executor, iteration.costUsd),
    tokensIn: iteration.tokensIn,
    tokensOut: iteration.tokensOut,
    startedAt: iteration.startedAt.toISOString(),
    finishedAt: iteration.finishedAt?.toISOString() ?? null,
    agentError: iteration.agentError,
    candidates: iteration.candidates,
    winner: iteration.winner,
  };
}

// One word for people: the stored outcome combined with what happened to it afterwards.
function displayPhase(iteration: IterationRow): string {
  if (iteration.phase !== "Evaluated") return iteration.phase;
  if (iteration.approval === "pending") return "AwaitingApproval";
  if (iteration.approval === "rejected") return "Rejected";
  // Its agent changed protected paths (evaluation.protect): undone, and never accepted.
  if (protectViolated({ metrics: iteration.metrics as Record<string, number> })) return "Tampered";
  if (!iteration.policyOk) return "PolicyFailed";
  if (iteration.regression && !iteration.accepted) return "Reverted";
  return iteration.accepted ? "Accepted" : "Evaluated";
}

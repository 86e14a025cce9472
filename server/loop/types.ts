// The loop's vocabulary: what the runner measured (history) and what decide() tells it to do next.
// decide() is pure over these; the runner (server/runner) carries decisions out.
import type { GoalSpec } from "../spec/goal-spec";

export const PHASES = ["Queued", "Running", "AwaitingApproval", "Paused", "Converged", "Stalled", "Exhausted", "Failed", "Cancelled"] as const;
export type Phase = (typeof PHASES)[number];
export const TERMINAL_PHASES: readonly Phase[] = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];

export type Metrics = Record<string, number>;

// An iteration as decide() sees it. Iteration 0 is the baseline: the layers measured on the
// starting commit before any agent ran.
export type IterationOutcome =
  | "Evaluated" // agent ran (or baseline), layers measured
  | "AgentFailed" // agent exited non-zero or timed out; no layers were run
  | "Interrupted"; // the runner died mid-iteration; it is redone under the same number

export type ApprovalState = "pending" | "approved" | "rejected" | null;

export type IterationRecord = {
  number: number;
  outcome: IterationOutcome;
  fromIteration: number | null; // the iteration whose commit this one started from; null for the baseline
  fromCommit: string | null;
  commit: string | null;
  metrics: Metrics;
  policyOk: boolean; // every policy layer passed
  approval: ApprovalState;
  approvalComment: string | null;
  costUsd: number;
  finishedAt: number | null; // epoch ms
  generation?: number; // the spec generation it was measured under
  candidates?: number; // spec.strategy: how many candidate agents it ran (1 when absent)
};

export type History = {
  iterations: IterationRecord[]; // ordered by number, at most one record per number
  runStartedAt: number; // epoch ms when this run of the goal began (time budget counts from here)
  windowStart?: number; // first iteration number of this run: budgets, stalls and retries count from here (a resumed goal gets fresh ones)
  generation?: number; // the spec's generation now: a measurement under an older one cannot converge it
  now: number; // epoch ms
};

export type ExhaustedReason = "MaxIterations" | "MaxDuration" | "MaxCost";

export type Decision =
  | { kind: "RunBaseline"; number: number; fromCommit: string | null } // fromCommit null: the commit workspace.ref names now
  // candidates: how many agents run from fromCommit (spec.strategy); note: why fewer than the strategy asks, or escalated.
  | { kind: "RunIteration"; number: number; fromIteration: number; fromCommit: string; candidates: number; note?: string }
  | { kind: "RetryAfter"; delayMs: number; reason: string } // an agent failure, retried per spec.retry
  | { kind: "AwaitApproval"; iteration: number }
  | { kind: "Converged"; iteration: number }
  | { kind: "Stalled"; message: string }
  | { kind: "Exhausted"; reason: ExhaustedReason; message: string }
  | { kind: "Failed"; reason: string; message: string };

// How one evaluated iteration compares with the best before it; stored on the iteration.
export type Assessment = {
  meetsTargets: boolean; // every target holds and every policy layer passed
  regression: boolean; // worse than the best iteration so far
  improved: boolean; // some target metric moved closer to its target than the best so far
};

export type DecideFn = (spec: GoalSpec, history: History) => Decision;

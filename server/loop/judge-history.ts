// The one judge: what the measured history says about each iteration and about where the loop stands
// (accepted, regression, best, what the next iteration builds on, what waits for a person). decide(), the
// runner, the prompt and the approval gate all ask it; stored flags are a cache of its answers, never read back.
import type { GoalSpec } from "../spec/goal-spec";
import { protectViolated } from "./protect-violated";
import type { MetricTarget } from "./spec-targets";
import type { IterationRecord } from "./types";
import { isBaseline, walkHistory, type Step } from "./walk-history";

export type Judgement = {
  steps: Step[]; // every measured record since the latest baseline, in order (walkHistory)
  best: IterationRecord | null; // the best accepted iteration, one waiting for a person included (shown as best while it waits)
  awaitingApproval: IterationRecord | null; // approval.policy every-iteration: the latest iteration, until a person decides
  // What the next iteration builds on: with onRegression revert the best accepted iteration, else the latest
  // accepted one; a change waiting for a person is not kept yet. Its commit is the goal's accepted commit.
  start: IterationRecord | null;
  acceptedCommit: string | null;
  targets: MetricTarget[]; // the targets as they stand now: relative ones resolved from the run's baseline and best
};

// records: ordered by number; Interrupted ones are skipped (they measured nothing).
export function judgeHistory(spec: GoalSpec, records: readonly IterationRecord[]): Judgement {
  const walk = walkHistory(spec, records);
  const latest = walk.steps.at(-1)?.record ?? null;
  const awaitingApproval = latest && waitsForPerson(spec, latest) ? latest : null;
  const kept = awaitingApproval
    ? walkHistory(
        spec,
        records.filter((record) => record !== awaitingApproval),
      )
    : walk;
  const start = spec.stop.onRegression === "revert" ? kept.best : kept.latestAccepted;
  return { steps: walk.steps, best: walk.best, awaitingApproval, start, acceptedCommit: start?.commit ?? null, targets: walk.targets };
}

// With every-iteration, an agent's change is kept only once a person approves it (the baseline runs no agent).
function waitsForPerson(spec: GoalSpec, record: IterationRecord): boolean {
  return (
    spec.approval.policy === "every-iteration" &&
    record.outcome === "Evaluated" &&
    !isBaseline(record) &&
    (record.approval === null || record.approval === "pending")
  );
}

export type IterationVerdict = {
  regression: boolean; // worse than the best accepted iteration before it
  accepted: boolean; // its change may be built on (once a person approves it, when awaitsApproval)
  awaitsApproval: boolean;
  publish: boolean; // a new commit is kept now: the goal's branch moves to it before it is recorded
  bestIteration: number | null;
  acceptedCommit: string | null;
};

// A just-measured iteration judged against the history before it (an interrupted try of its number is replaced).
export function judgeIteration(spec: GoalSpec, before: readonly IterationRecord[], candidate: IterationRecord): IterationVerdict {
  const judgement = judgeHistory(spec, [...before.filter((record) => record.number !== candidate.number), candidate]);
  const step = judgement.steps.find((each) => each.record === candidate);
  const accepted = step?.accepted ?? false;
  const awaitsApproval = judgement.awaitingApproval === candidate;
  return {
    regression: step?.assessment.regression ?? false,
    accepted,
    awaitsApproval,
    publish: accepted && !awaitsApproval && candidate.commit !== null && candidate.commit !== candidate.fromCommit,
    bestIteration: judgement.best?.number ?? null,
    acceptedCommit: judgement.acceptedCommit,
  };
}

export type ApprovalVerdict = { accepted: boolean; bestIteration: number | null; acceptedCommit: string | null };

// A person's decision on iteration `number`: whether its change is kept, and where the loop then stands.
export function judgeApproval(spec: GoalSpec, records: readonly IterationRecord[], number: number, approve: boolean): ApprovalVerdict {
  const decided = records.map((record): IterationRecord => (record.number === number ? { ...record, approval: approve ? "approved" : "rejected" } : record));
  const judgement = judgeHistory(spec, decided);
  const step = judgement.steps.find((each) => each.record.number === number);
  return { accepted: step?.accepted ?? false, bestIteration: judgement.best?.number ?? null, acceptedCommit: judgement.acceptedCommit };
}

// What the prompt of iteration `number` tells the agent about the tries before it.
export type PromptFacts = {
  last: IterationRecord | null; // the last finished try before it
  best: IterationRecord | null;
  rejected: { iteration: number; comment: string } | null; // a person rejected the last try
  reverted: { iteration: number; reason: string } | null; // the last try's change was dropped by the loop
  targets: MetricTarget[]; // as they stand for this iteration: relative ones resolved from the run's baseline and best
};

export function judgePromptFacts(spec: GoalSpec, records: readonly IterationRecord[], number: number): PromptFacts {
  const before = records.filter((record) => record.number < number && record.outcome !== "Interrupted");
  const judgement = judgeHistory(spec, before);
  const last = before.at(-1) ?? null;
  const lastStep = last ? judgement.steps.find((step) => step.record === last) : undefined;
  const rejected = last?.approval === "rejected";
  const dropped = last?.outcome === "Evaluated" && !(lastStep?.accepted ?? false) && !rejected;
  return {
    last,
    best: judgement.best,
    rejected: last && rejected ? { iteration: last.number, comment: last.approvalComment ?? "" } : null,
    targets: judgement.targets,
    reverted:
      last && dropped
        ? {
            iteration: last.number,
            reason: protectViolated(last)
              ? "it changed protected paths"
              : last.policyOk
                ? "its metrics were worse than the best iteration's"
                : "it broke a policy layer",
          }
        : null,
  };
}

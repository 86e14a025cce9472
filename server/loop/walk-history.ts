// Replays the measured history in order and recomputes acceptance and the best so far: stored flags are never read.
import type { GoalSpec } from "../spec/goal-spec";
import { assessAgainst, betterOf } from "./assess";
import { specTargets } from "./spec-targets";
import type { Assessment, IterationRecord } from "./types";

export type Step = {
  record: IterationRecord;
  bestBefore: IterationRecord | null; // the best accepted iteration before this one
  assessment: Assessment; // against bestBefore
  accepted: boolean; // its change is kept: later iterations may start from it and compare with it
  progressed: boolean; // counts against a stall: improved on the best so far and its change was kept
};

export type Walk = {
  steps: Step[]; // every record except Interrupted ones, in order
  best: IterationRecord | null; // best accepted
  latestAccepted: IterationRecord | null;
};

export function walkHistory(spec: GoalSpec, records: readonly IterationRecord[]): Walk {
  const targets = specTargets(spec);
  const steps: Step[] = [];
  let best: IterationRecord | null = null;
  let latestAccepted: IterationRecord | null = null;
  for (const record of sinceLatestBaseline(records)) {
    if (record.outcome === "Interrupted") continue; // it is redone under the same number; nothing was measured
    const assessment = assessAgainst(targets, best, record);
    const accepted = isAccepted(spec, record, assessment);
    const progressed = accepted && assessment.improved && record.outcome === "Evaluated";
    steps.push({ record, bestBefore: best, assessment, accepted, progressed });
    if (accepted) {
      best = betterOf(targets, best, record);
      latestAccepted = record;
    }
  }
  return { steps, best, latestAccepted };
}

// A baseline measured after a drift (a resync found a target broken) says the world changed: the
// measurements before it no longer describe the accepted commit, so the run compares against it alone.
function sinceLatestBaseline(records: readonly IterationRecord[]): readonly IterationRecord[] {
  const start = records.findLastIndex((record) => isBaseline(record) && record.outcome === "Evaluated");
  return start <= 0 ? records : records.slice(start);
}

// The baseline measures a commit without running the agent: iteration 0, and a drift's re-measurement.
export function isBaseline(record: IterationRecord): boolean {
  return record.fromIteration === null;
}

function isAccepted(spec: GoalSpec, record: IterationRecord, assessment: Assessment): boolean {
  if (record.outcome !== "Evaluated" || record.commit === null) return false;
  if (isBaseline(record)) return true; // the baseline is where every run starts, even if a person rejected it as the result
  if (!record.policyOk || record.approval === "rejected") return false;
  return !(assessment.regression && spec.stop.onRegression === "revert");
}

// Replays the measured history in order and recomputes acceptance and the best so far: stored flags are never read.
import type { GoalSpec } from "../spec/goal-spec";
import { assessAgainst, betterOf } from "./assess";
import { protectViolated } from "./protect-violated";
import type { MetricTarget } from "./spec-targets";
import { targetsFor } from "./resolve-targets";
import type { Assessment, IterationRecord } from "./types";

export type Step = {
  record: IterationRecord;
  bestBefore: IterationRecord | null; // the best accepted iteration before this one
  targets: MetricTarget[]; // the spec's targets as they stood for it: relative ones resolved from the baseline and bestBefore
  assessment: Assessment; // against bestBefore
  accepted: boolean; // its change is kept: later iterations may start from it and compare with it
  progressed: boolean; // counts against a stall: its change was kept and became the new best
};

export type Walk = {
  steps: Step[]; // every record except Interrupted ones, in order
  best: IterationRecord | null; // best accepted
  latestAccepted: IterationRecord | null;
  baseline: IterationRecord | null; // the run's baseline: the measurement relative targets' "baseline" names
  targets: MetricTarget[]; // the targets as they stand for the next iteration
};

export function walkHistory(spec: GoalSpec, records: readonly IterationRecord[]): Walk {
  const steps: Step[] = [];
  let best: IterationRecord | null = null;
  let latestAccepted: IterationRecord | null = null;
  const run = sinceLatestBaseline(records);
  const baseline = run.find((record) => isBaseline(record) && record.outcome === "Evaluated") ?? null;
  for (const record of run) {
    if (record.outcome === "Interrupted") continue; // it is redone under the same number; nothing was measured
    const targets = targetsFor(spec, baseline, best, record);
    const assessment = assessAgainst(targets, best, record);
    const accepted = isAccepted(spec, record, assessment);
    // Progress is a better best, not any target moving: a kept change that trades one target for another
    // (onRegression: keep) would otherwise let an agent oscillating between two changes (A, B, A, B) run forever.
    const bestAfter: IterationRecord | null = accepted ? betterOf(targets, best, record, targetsFor(spec, baseline, record, record)) : best;
    const progressed = accepted && assessment.improved && record.outcome === "Evaluated" && bestAfter === record;
    steps.push({ record, bestBefore: best, targets, assessment, accepted, progressed });
    if (accepted) {
      best = bestAfter;
      latestAccepted = record;
    }
  }
  return { steps, best, latestAccepted, baseline, targets: targetsFor(spec, baseline, best, null) };
}

// A baseline measured after a drift (a resync found a target broken) says the world changed: the
// measurements before it no longer describe the accepted commit, so the run compares against it alone.
function sinceLatestBaseline(records: readonly IterationRecord[]): readonly IterationRecord[] {
  const start = records.findLastIndex((record) => isBaseline(record) && record.outcome === "Evaluated");
  return start <= 0 ? records : records.slice(start);
}

// The baseline measures a commit without running the agent: iteration 0, and a drift's re-measurement.
export function isBaseline(record: Pick<IterationRecord, "fromIteration">): boolean {
  return record.fromIteration === null;
}

function isAccepted(spec: GoalSpec, record: IterationRecord, assessment: Assessment): boolean {
  if (record.outcome !== "Evaluated" || record.commit === null) return false;
  if (isBaseline(record)) return true; // the baseline is where every run starts, even if a person rejected it as the result
  if (!record.policyOk || protectViolated(record) || record.approval === "rejected") return false;
  return !(assessment.regression && spec.stop.onRegression === "revert");
}

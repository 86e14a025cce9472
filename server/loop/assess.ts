// How a candidate iteration compares with the best accepted one, from measured metrics alone.
import type { GoalSpec } from "../spec/goal-spec";
import { distance } from "./distance";
import { measured, specTargets, type MetricTarget } from "./spec-targets";
import type { Assessment, IterationRecord, Metrics } from "./types";

export function targetDistances(targets: MetricTarget[], metrics: Metrics): number[] {
  return targets.map(({ metric, target }) => distance(target, measured(metrics, metric)));
}

export function assess(spec: GoalSpec, best: IterationRecord | null, candidate: IterationRecord): Assessment {
  return assessAgainst(specTargets(spec), best, candidate);
}

export function assessAgainst(targets: MetricTarget[], best: IterationRecord | null, candidate: IterationRecord): Assessment {
  const now = targetDistances(targets, candidate.metrics);
  const meetsTargets = candidate.policyOk && now.every((d) => d === 0);
  if (!best) return { meetsTargets, regression: false, improved: true };
  const before = targetDistances(targets, best.metrics);
  return {
    meetsTargets,
    // A met target no longer met is a distance going from 0 to > 0, so "moved away" covers both cases.
    regression: now.some((d, i) => d > before[i]),
    improved: now.some((d, i) => d < before[i]),
  };
}

// Best = most targets met, then smallest summed distance; the challenger wins ties, so in order the later one is best.
export function betterOf(targets: MetricTarget[], current: IterationRecord | null, challenger: IterationRecord): IterationRecord {
  if (!current) return challenger;
  const a = score(targets, current);
  const b = score(targets, challenger);
  if (b.met !== a.met) return b.met > a.met ? challenger : current;
  return b.total <= a.total ? challenger : current;
}

function score(targets: MetricTarget[], record: IterationRecord): { met: number; total: number } {
  const distances = targetDistances(targets, record.metrics);
  return { met: distances.filter((d) => d === 0).length, total: distances.reduce((sum, d) => sum + d, 0) };
}

// How a candidate iteration compares with the best accepted one, from measured metrics alone.
import { distance } from "./distance";
import { protectViolated } from "./protect-violated";
import type { GoalSpec } from "../spec/goal-spec";
import { targetsFor } from "./resolve-targets";
import { measured, type MetricTarget } from "./spec-targets";
import type { Assessment, IterationRecord, Metrics } from "./types";

export function targetDistances(targets: MetricTarget[], metrics: Metrics): number[] {
  return targets.map(({ metric, target }) => distance(target, measured(metrics, metric)));
}

// baseline: the run's baseline measurement, which relative targets may name.
export function assess(spec: GoalSpec, best: IterationRecord | null, candidate: IterationRecord, baseline: IterationRecord | null = null): Assessment {
  return assessAgainst(targetsFor(spec, baseline, best, candidate), best, candidate);
}

export function assessAgainst(targets: MetricTarget[], best: IterationRecord | null, candidate: IterationRecord): Assessment {
  const now = targetDistances(targets, candidate.metrics);
  const meetsTargets = candidate.policyOk && !protectViolated(candidate) && now.every((d) => d === 0);
  if (!best) return { meetsTargets, regression: false, improved: true };
  const before = targetDistances(targets, best.metrics);
  return {
    meetsTargets,
    // A met target no longer met is a distance going from 0 to > 0, so "moved away" covers both cases.
    regression: now.some((d, i) => d > before[i]),
    improved: now.some((d, i) => d < before[i]),
  };
}

// Best = most targets met, then smallest summed distance; the one already best keeps a tie, so in order the first
// to reach a score is best (a goal whose metrics never moved is best at its baseline, not at its last try).
// asBest: the targets resolved with the challenger as the best. A tie goes to the challenger when it raised the bar
// the current best then misses (">= best": 0.7 after 0.6), so "best" follows the best value, and never flip-flops.
export function betterOf(
  targets: MetricTarget[],
  current: IterationRecord | null,
  challenger: IterationRecord,
  asBest: MetricTarget[] = targets,
): IterationRecord {
  if (!current) return challenger;
  const a = score(targets, current);
  const b = score(targets, challenger);
  if (b.met !== a.met) return b.met > a.met ? challenger : current;
  if (b.total !== a.total) return b.total < a.total ? challenger : current;
  const behind = score(asBest, current);
  return behind.met < a.met || behind.total > a.total ? challenger : current;
}

export function score(targets: MetricTarget[], record: Pick<IterationRecord, "metrics">): { met: number; total: number } {
  const distances = targetDistances(targets, record.metrics);
  return { met: distances.filter((d) => d === 0).length, total: distances.reduce((sum, d) => sum + d, 0) };
}

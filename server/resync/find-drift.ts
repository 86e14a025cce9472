// Which targets a resync found broken. Pure. Only targets of `run` layers are re-measured: policy layers
// judge a diff and reviewers a change, and a resync has neither (what they said at convergence stands).
import { distance } from "../loop/distance";
import { describeTarget, formatValue, measured, specTargets, type MetricTarget } from "../loop/spec-targets";
import type { Metrics } from "../loop/types";
import type { GoalSpec } from "../spec/goal-spec";

export type Drift = { metric: string; target: string; measured: number | undefined };

// targets: as the loop resolved them for the converged run (relative ones need its baseline and best).
export function findDrift(spec: GoalSpec, metrics: Metrics, targets: MetricTarget[] = specTargets(spec)): Drift[] {
  const runLayers = new Set(spec.evaluation.layers.filter((layer) => "run" in layer).map((layer) => layer.name));
  return targets
    .filter(({ metric }) => runLayers.has(metric.split(".")[0]))
    .filter(({ metric, target }) => distance(target, measured(metrics, metric)) > 0)
    .map((target) => ({ metric: target.metric, target: describeTarget(target), measured: measured(metrics, target.metric) }));
}

// "tests.pass_ratio measured 0.5, target >= 1; lint.ok not measured, target == 1"
export function describeDrift(drift: readonly Drift[]): string {
  return drift
    .map(({ metric, target, measured: value }) => `${metric} ${value === undefined ? "not measured" : `measured ${formatValue(value)}`}, target ${target}`)
    .join("; ");
}

// Which targets a resync found broken. Pure. Only targets of `run` layers are re-measured: policy layers
// judge a diff and reviewers a change, and a resync has neither (what they said at convergence stands).
import { distance } from "../loop/distance";
import { formatValue, measured, specTargets } from "../loop/spec-targets";
import type { Metrics } from "../loop/types";
import type { GoalSpec } from "../spec/goal-spec";

export type Drift = { metric: string; target: string; measured: number | undefined };

export function findDrift(spec: GoalSpec, metrics: Metrics): Drift[] {
  const runLayers = new Set(spec.evaluation.layers.filter((layer) => "run" in layer).map((layer) => layer.name));
  return specTargets(spec)
    .filter(({ metric }) => runLayers.has(metric.split(".")[0]))
    .filter(({ metric, target }) => distance(target, measured(metrics, metric)) > 0)
    .map(({ metric, text }) => ({ metric, target: text, measured: measured(metrics, metric) }));
}

// "tests.pass_ratio measured 0.5, target >= 1; lint.ok not measured, target == 1"
export function describeDrift(drift: readonly Drift[]): string {
  return drift.map(({ metric, target, measured: value }) => `${metric} ${value === undefined ? "not measured" : `measured ${formatValue(value)}`}, target ${target}`).join("; ");
}

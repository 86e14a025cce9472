// A spec's targets parsed once, in spec order; the schema has already rejected unparsable ones.
import type { GoalSpec } from "../spec/goal-spec";
import { parseTarget, type Target } from "../spec/metric-target";
import type { Metrics } from "./types";

export type MetricTarget = { metric: string; text: string; target: Target };

export function specTargets(spec: GoalSpec): MetricTarget[] {
  return spec.metrics.map(({ metric, target: written }) => {
    const target = parseTarget(written);
    if (!target) throw new Error(`metric '${metric}': target '${written}' is not '<op> <number>'; validate the spec with goalSpecSchema first`);
    return { metric, text: `${target.op} ${target.value}`, target };
  });
}

// Metric names hold a dot, so they never collide with Object.prototype; hasOwn keeps it honest anyway.
export function measured(metrics: Metrics, metric: string): number | undefined {
  return Object.hasOwn(metrics, metric) ? metrics[metric] : undefined;
}

// Numbers as people read them in messages and prompts: 0.8, 12, 0.333333, "not measured".
export function formatValue(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "not measured";
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

// A spec's targets parsed once, in spec order; the schema has already rejected unparsable ones. A relative target
// ("<= baseline * 1.05") is resolved against the run's measured history: see resolve-targets.ts.
import type { GoalSpec } from "../spec/goal-spec";
import { formatTarget, parseTarget, resolveTarget, type Target, type TargetRefValues, type WrittenTarget } from "../spec/metric-target";
import type { Metrics } from "./types";

// text: the target as written ("<= baseline * 1.05"); target: what a measurement is compared with.
export type MetricTarget = { metric: string; text: string; written: WrittenTarget; target: Target };

// What relative targets refer to: the run's baseline and the best accepted iteration's metrics (null: none yet).
export type TargetRefs = { baseline: Metrics | null; best: Metrics | null };
const NO_HISTORY: TargetRefs = { baseline: null, best: null };

export function specTargets(spec: Pick<GoalSpec, "metrics">, refs: TargetRefs = NO_HISTORY): MetricTarget[] {
  return spec.metrics.map(({ metric, target: text }) => {
    const written = parseTarget(text);
    if (!written) throw new Error(`metric '${metric}': target '${text}' is not a target; validate the spec with goalSpecSchema first`);
    const values: TargetRefValues = {
      baseline: refs.baseline ? measured(refs.baseline, metric) : undefined,
      best: refs.best ? measured(refs.best, metric) : undefined,
    };
    const target = resolveTarget(written, values, metric);
    if (target.unresolved && !refs.baseline && !refs.best) target.unresolved = "nothing has been measured yet to resolve it";
    return { metric, text: formatTarget(written), written, target };
  });
}

// "<= baseline * 1.05 (= 1.26)" for a relative target, ">= 1" for a number; the reason when it has no value.
export function describeTarget({ text, written, target }: Pick<MetricTarget, "text" | "written" | "target">): string {
  if (written.ref === undefined) return text;
  return target.unresolved ? `${text} (unresolved: ${target.unresolved})` : `${text} (= ${formatValue(target.value)})`;
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

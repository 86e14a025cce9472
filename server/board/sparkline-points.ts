// One number per iteration for a card's sparkline: how far it was from its targets, 0 exactly when every
// target held, 1 at the farthest it got in the window. Each target is scaled by its own largest distance
// so a 0..1 ratio and a count of lint errors weigh the same.
import { distance } from "../loop/distance";
import { parseTarget, type Target } from "../spec/metric-target";

export type TargetSpec = { metric: string; target: string };

export function sparklinePoints(targets: TargetSpec[], iterations: { metrics: Record<string, number> }[]): number[] {
  const parsed = targets.flatMap(({ metric, target }) => {
    // A relative target ("<= baseline * 1.05") needs the run's history to have a value: the sparkline leaves it out.
    const value = parseTarget(target);
    return value && value.ref === undefined ? [{ metric, target: value }] : [];
  });
  if (parsed.length === 0) return [];
  const distances = parsed.map(({ metric, target }) => iterations.map((iteration) => distanceOf(target, iteration.metrics, metric)));
  const scaled = distances.map((row) => {
    const largest = Math.max(0, ...row.filter(Number.isFinite));
    // A metric that was never measured is as far as it gets: the top of the scale.
    return row.map((value) => (!Number.isFinite(value) ? 1 : largest > 0 ? value / largest : 0));
  });
  return iterations.map((_, index) => scaled.reduce((sum, row) => sum + row[index], 0) / scaled.length);
}

function distanceOf(target: Target, metrics: Record<string, number>, metric: string): number {
  const value = Object.hasOwn(metrics, metric) && typeof metrics[metric] === "number" ? metrics[metric] : undefined;
  return distance(target, value);
}

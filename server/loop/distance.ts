// How far a measured value is from its target, 0 exactly when the target holds, so "closer" can be compared.
import type { Target } from "../spec/metric-target";

export function distance(target: Target, value: number | undefined): number {
  // A missing metric, or a relative target the history cannot resolve, is as far as it gets.
  if (target.unresolved !== undefined || value === undefined || Number.isNaN(value)) return Infinity;
  const t = target.value;
  switch (target.op) {
    case ">=":
      return Math.max(0, t - value);
    case "<=":
      return Math.max(0, value - t);
    // A strict bound sitting on its limit is not met: the smallest positive distance keeps "0 iff it holds".
    case ">":
      return value > t ? 0 : Math.max(t - value, Number.MIN_VALUE);
    case "<":
      return value < t ? 0 : Math.max(value - t, Number.MIN_VALUE);
    case "==":
      return Math.abs(value - t);
    case "!=":
      return value === t ? 1 : 0;
  }
}

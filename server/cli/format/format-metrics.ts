// Metric values compact enough for a table cell: "tests.pass_ratio=0.8 lint.ok=1".
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (Number.isInteger(value)) return String(value);
  const rounded = Math.round(value * 1000) / 1000;
  return rounded === 0 ? value.toExponential(2) : String(rounded);
}

// `names` picks and orders the metrics (e.g. the goal's targets); a named metric not measured yet is left out.
export function formatMetrics(metrics: Record<string, number>, names?: readonly string[]): string {
  const keys = names ?? Object.keys(metrics).sort();
  return keys
    .filter((key) => typeof metrics[key] === "number")
    .map((key) => `${key}=${formatNumber(metrics[key])}`)
    .join(" ");
}

export { formatUsd } from "../../loop/stop-messages";

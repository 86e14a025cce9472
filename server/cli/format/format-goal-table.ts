// The `get goals` table: one row per goal with where it stands against its targets.
import type { GoalObject } from "../api-types";
import { formatAge } from "./format-age";
import { formatMetrics, formatUsd } from "./format-metrics";
import { formatTable } from "./format-table";

export function formatGoalTable(goals: readonly GoalObject[], now: Date, options: { wide?: boolean } = {}): string {
  const headers = ["NAME", "PHASE", "ITERATION", "BEST", "METRICS", "REASON", "AGE"];
  if (options.wide) headers.push("COST", "RUNNER", "LABELS");
  const rows = goals.map((goal) => {
    const { status, spec } = goal;
    const row = [
      goal.metadata.name,
      status.phase,
      `${status.runIteration ?? "-"}/${spec.stop.maxIterations}`, // this run's count, as the board shows it
      status.bestIteration === null ? "-" : String(status.bestIteration),
      formatMetrics(status.metrics, options.wide ? undefined : spec.metrics.map((target) => target.metric)) || "-",
      status.reason || "-",
      formatAge(goal.metadata.creationTimestamp, now),
    ];
    if (options.wide) {
      row.push(
        spec.stop.maxCostUsd === undefined ? formatUsd(status.costUsd) : `${formatUsd(status.costUsd)}/${formatUsd(spec.stop.maxCostUsd)}`,
        status.runner ?? "-",
        formatLabels(goal.metadata.labels) || "-",
      );
    }
    return row;
  });
  return formatTable(headers, rows);
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

// The iterations table of `get iterations` and `describe`: what each iteration measured and cost.
import type { IterationObject } from "../api-types";
import { formatAge } from "./format-age";
import { formatMetrics, formatUsd } from "./format-metrics";
import { formatTable } from "./format-table";

export function formatIterationTable(
  iterations: readonly IterationObject[],
  now: Date,
  options: { approval?: boolean; metricNames?: readonly string[] } = {},
): string {
  const headers = ["#", "PHASE", "COMMIT", "METRICS", "REGRESSION", "COST", "AGE"];
  if (options.approval) headers.splice(5, 0, "APPROVAL");
  const rows = [...iterations]
    .sort((a, b) => a.number - b.number)
    .map((iteration) => {
      const row = [
        String(iteration.number),
        iteration.phase,
        iteration.commit ? iteration.commit.slice(0, 7) : "-",
        formatMetrics(iteration.metrics, options.metricNames) ||
          (iteration.phase === "Interrupted" ? "interrupted" : iteration.agentError ? "agent failed" : "-"),
        iteration.regression ? "yes" : "no",
        iteration.costKnown ? formatUsd(iteration.costUsd) : "unknown",
        formatAge(iteration.startedAt, now),
      ];
      if (options.approval) row.splice(5, 0, iteration.approval ?? "-");
      return row;
    });
  return formatTable(headers, rows);
}

// One row per group: how the runs that ended in the period went, and what the converged ones took.
import { formatDuration } from "@/components/iteration/format-duration";
import { TableHead } from "@/components/ui/table-head";
import { groupName } from "@/server/insights/insights-query";
import type { InsightsRow } from "@/server/insights/read-insights";
import { formatUsd } from "@/server/loop/stop-messages";

const COLUMNS = [
  "Group",
  { label: "Goals", right: true },
  { label: "Converged", right: true },
  { label: "Stalled", right: true },
  { label: "Failed", right: true },
  { label: "Exhausted", right: true },
  { label: "Converged %", right: true },
  { label: "Iterations", right: true },
  { label: "Cost", right: true },
  { label: "Time", right: true },
  { label: "Spent", right: true },
];

export function InsightsTable({ rows, by }: { rows: InsightsRow[]; by: string }) {
  return (
    <div className="panel overflow-x-auto">
      <table className="w-full text-sm" data-testid="insights-table">
        <caption className="muted px-4 pt-3 text-left text-xs">
          Runs that ended in the period; iterations, cost and time are medians over the runs that converged.
        </caption>
        <TableHead columns={COLUMNS} />
        <tbody className="tabular-nums">
          {rows.map((row) => (
            <tr
              key={`${row.key}/${row.model}`}
              className="border-b border-slate-100 last:border-b-0 dark:border-slate-800"
              data-testid="insights-row"
              data-group={groupName(row, by)}
            >
              <th scope="row" className="px-4 py-2.5 text-left font-medium">
                {groupName(row, by)}
              </th>
              <td className="px-4 py-2.5 text-right">{row.goals}</td>
              <td className="px-4 py-2.5 text-right text-emerald-700 dark:text-emerald-400" data-testid="converged">
                {row.runs.Converged}
              </td>
              <td className="px-4 py-2.5 text-right">{row.runs.Stalled}</td>
              <td className="px-4 py-2.5 text-right">{row.runs.Failed}</td>
              <td className="px-4 py-2.5 text-right">{row.runs.Exhausted}</td>
              <td className="px-4 py-2.5 text-right" data-testid="rate">
                {row.convergenceRate === null ? "–" : `${Math.round(row.convergenceRate * 100)}%`}
              </td>
              <td className="px-4 py-2.5 text-right" data-testid="median-iterations">
                {row.toConverge.iterations === null ? "–" : Math.round(row.toConverge.iterations * 10) / 10}
              </td>
              <td className="px-4 py-2.5 text-right">{row.toConverge.costUsd === null ? "–" : formatUsd(row.toConverge.costUsd)}</td>
              <td className="px-4 py-2.5 text-right">{row.toConverge.minutes === null ? "–" : formatDuration(row.toConverge.minutes * 60_000)}</td>
              <td className="px-4 py-2.5 text-right">{formatUsd(row.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

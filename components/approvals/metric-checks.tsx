// Each target metric of an iteration beside its target: met in green, unmet in red, with a word
// as well as a colour so it reads without colour too.
import type { MetricCheck } from "@/server/approvals/list-pending";

export function MetricChecks({ checks }: { checks: MetricCheck[] }) {
  return (
    <table className="w-full text-sm" data-testid="approval-metrics">
      <thead className="sr-only">
        <tr>
          <th>Metric</th>
          <th>Measured</th>
          <th>Target</th>
          <th>Holds</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check.metric} data-metric={check.metric} data-met={check.met} className="border-t border-slate-100 first:border-t-0 dark:border-slate-800">
            <td className="py-1.5 pr-3 font-mono text-xs text-slate-700 dark:text-slate-300">{check.metric}</td>
            <td
              className={`py-1.5 pr-3 text-right font-mono text-xs font-semibold tabular-nums ${check.met ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
            >
              {check.shown}
            </td>
            <td className="py-1.5 pr-3 font-mono text-xs text-slate-500 dark:text-slate-400">target {check.target}</td>
            <td className="py-1.5 text-right">
              {check.met ? (
                <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">met</span>
              ) : (
                <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-300">not met</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// One metric's line above its chart: the value at the cursor (or the latest), its target, met or not.
import type { ChartData, ChartSeries } from "@/server/goals/read-goal-chart";
import { formatValue } from "@/server/loop/spec-targets";
import { parseTarget, targetHolds } from "@/server/spec/metric-target";

export function ChartReadout({ data, series, at }: { data: ChartData; series: ChartSeries; at: number }) {
  const value = at >= 0 ? series.values[at] : null;
  const resolved = at >= 0 ? series.targetValues[at] : null;
  const relative = parseTarget(series.target)?.ref !== undefined;
  const met = value !== null && resolved !== null && targetHolds({ op: series.op, value: resolved }, value);
  return (
    <div className="mb-1 flex flex-wrap items-baseline gap-x-3 text-sm">
      <span className="font-mono font-medium">{series.metric}</span>
      <span className="muted text-xs">
        target{" "}
        <span className="font-mono" data-testid="chart-target">
          {series.target}
          {relative && at >= 0 ? (resolved === null ? " (unresolved)" : ` (= ${formatValue(resolved)})`) : ""}
        </span>
      </span>
      {at >= 0 && (
        <span className="ml-auto text-xs tabular-nums" data-testid="chart-readout">
          <span className="muted">#{data.numbers[at]} </span>
          <span
            className={`font-mono font-semibold ${value === null ? "text-slate-500 dark:text-slate-400" : met ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
          >
            {value === null ? "not measured" : formatValue(value)}
          </span>
          <span className="muted"> {value === null ? "" : met ? "meets target" : "misses target"}</span>
        </span>
      )}
    </div>
  );
}

// The run's forecast on the goal page: iterations, cost and time still to go at the measured trend, with
// their range, and a warning wherever the projection (or what is used already) reaches a budget.
import type { Forecast, Range } from "@/server/forecast/forecast-run";
import { formatCost, formatMinutes } from "./format";

export function ForecastPanel({ forecast }: { forecast: Forecast }) {
  return (
    <div data-testid="forecast" data-kind={forecast.kind} className="space-y-1.5 text-xs">
      {forecast.kind === "projected" ? (
        <dl className="grid grid-cols-[5.5rem_1fr] gap-x-2 gap-y-0.5">
          <dt className="text-slate-600 dark:text-slate-400">Iterations</dt>
          <dd data-testid="forecast-iterations" className="font-mono tabular-nums">
            {range(forecast.iterations, String)} more
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">Cost</dt>
          <dd data-testid="forecast-cost" className="font-mono tabular-nums">
            {range(forecast.costUsd, formatCost)} more
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">Time</dt>
          <dd data-testid="forecast-time" className="font-mono tabular-nums">
            {range(forecast.minutes, formatMinutes)} more
          </dd>
          <dd className="col-span-2 text-slate-600 dark:text-slate-400">
            set by <span className="font-mono">{forecast.slowest}</span>, from the trend of its best value so far
          </dd>
        </dl>
      ) : (
        <p
          data-testid="forecast-message"
          className={forecast.kind === "no-progress" ? "text-amber-800 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}
        >
          {forecast.kind === "no-progress" ? "Not converging at this rate: " : ""}
          {forecast.message}
        </p>
      )}
      {forecast.warnings.length > 0 && (
        <ul
          role="alert"
          data-testid="budget-warnings"
          className="space-y-1 rounded border border-amber-300 bg-amber-50 px-2 py-1.5 text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
        >
          {forecast.warnings.map((warning) => (
            <li key={`${warning.budget}/${warning.kind}`} data-budget={warning.budget} data-kind={warning.kind}>
              <span className="font-semibold">{warning.kind === "projected" ? "Over budget ahead" : "Budget nearly used"}:</span> {warning.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// "3" or "3 (2–5)", "(2–no bound)" when the trend could be flat.
function range(value: Range, format: (value: number) => string): string {
  const high = value.high === null ? "no bound" : format(value.high);
  if (value.high !== null && value.low === value.high) return format(value.estimate);
  return `${format(value.estimate)} (${format(value.low)}–${high})`;
}

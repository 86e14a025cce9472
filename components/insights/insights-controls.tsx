// How the insights are grouped and over which period: a plain GET form, so the URL says what is shown
// and the page works before any script has loaded.
import { PERIOD_CHOICES } from "@/server/insights/insights-query";

type Props = { by: string; days: number; labelKeys: string[]; errors: { by?: string; days?: string } };

export function InsightsControls({ by, days, labelKeys, errors }: Props) {
  const periods: number[] = PERIOD_CHOICES.includes(days as (typeof PERIOD_CHOICES)[number])
    ? [...PERIOD_CHOICES]
    : [...PERIOD_CHOICES, days].sort((a, b) => a - b);
  const groupings = [
    { value: "executor", label: "Executor and model" },
    { value: "repo", label: "Repository" },
    ...labelKeys.map((key) => ({ value: `label:${key}`, label: `Label: ${key}` })),
  ];
  if (!groupings.some((grouping) => grouping.value === by)) groupings.push({ value: by, label: by.startsWith("label:") ? `Label: ${by.slice(6)}` : by });
  const field = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <form method="get" action="/insights" className="flex flex-wrap items-end gap-3" data-testid="insights-controls">
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        Group by
        <select name="by" defaultValue={by} className={field} aria-invalid={errors.by ? true : undefined}>
          {groupings.map((grouping) => (
            <option key={grouping.value} value={grouping.value}>
              {grouping.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600 dark:text-slate-400">
        Period
        <select name="days" defaultValue={String(days)} className={field} aria-invalid={errors.days ? true : undefined}>
          {periods.map((period) => (
            <option key={period} value={period}>
              {period === 1 ? "Today" : `Last ${period} days`}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-blue-600 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-white"
      >
        Show
      </button>
      {(errors.by || errors.days) && (
        <p role="alert" className="w-full text-sm text-red-700 dark:text-red-400" data-testid="insights-error">
          {errors.by && <span className="block">Group by {errors.by}; showing by executor.</span>}
          {errors.days && <span className="block">Period (days) {errors.days}; showing the last 30 days.</span>}
        </p>
      )}
    </form>
  );
}

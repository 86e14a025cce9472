// One budget of the current run: used of its limit, with a bar that turns amber then red as it runs out.
export function BudgetBar({
  label,
  used,
  limit,
  format,
  testId,
}: {
  label: string;
  used: number;
  limit: number | null;
  format: (value: number) => string;
  testId: string;
}) {
  const share = limit ? Math.min(1, used / limit) : 0;
  const colour = share >= 1 ? "bg-red-500 dark:bg-red-400" : share >= 0.8 ? "bg-amber-500 dark:bg-amber-400" : "bg-blue-600 dark:bg-blue-400";
  return (
    <div data-testid={testId}>
      <div className="flex items-baseline justify-between text-xs">
        <span className="text-slate-600 dark:text-slate-400">{label}</span>
        <span className="font-mono tabular-nums">
          {format(used)} <span className="muted">/ {limit === null ? "no limit" : format(limit)}</span>
        </span>
      </div>
      <div
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit ?? undefined}
        aria-valuenow={used}
      >
        {limit !== null && <div className={`h-full rounded-full ${colour}`} style={{ width: `${Math.round(share * 100)}%` }} />}
      </div>
    </div>
  );
}

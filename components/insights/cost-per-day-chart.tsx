// Spend per day as bars, drawn on the server (a few hundred rectangles need no chart library); each bar
// says its day and amount on hover and to screen readers.
import { formatUsd } from "@/server/loop/stop-messages";

const HEIGHT = 120;

export function CostPerDayChart({ days }: { days: { day: string; costUsd: number }[] }) {
  const top = Math.max(...days.map((day) => day.costUsd), 0);
  const total = days.reduce((sum, day) => sum + day.costUsd, 0);
  const width = 12;
  return (
    <figure className="panel p-4" data-testid="cost-per-day">
      <figcaption className="mb-3 flex items-baseline justify-between gap-3 text-sm">
        <span className="font-semibold">Spend per day</span>
        <span className="muted tabular-nums">
          {formatUsd(total)} over {days.length} {days.length === 1 ? "day" : "days"}
          {top > 0 && ` · most ${formatUsd(top)} a day`}
        </span>
      </figcaption>
      {top === 0 ? (
        <p className="muted py-6 text-center text-sm">Nothing was spent in this period.</p>
      ) : (
        <svg
          viewBox={`0 0 ${days.length * width} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="h-32 w-full"
          role="img"
          aria-label={`Spend per day, ${days[0].day} to ${days.at(-1)!.day}: ${formatUsd(total)} in all`}
        >
          {days.map((day, index) => {
            const height = day.costUsd === 0 ? 0 : Math.max(1.5, (day.costUsd / top) * (HEIGHT - 4));
            return (
              <rect
                key={day.day}
                x={index * width + 1}
                width={width - 2}
                y={HEIGHT - height}
                height={height}
                className="fill-blue-500 dark:fill-blue-400"
                data-testid="cost-bar"
                data-day={day.day}
                data-cost={day.costUsd}
              >
                <title>{`${day.day}: ${formatUsd(day.costUsd)}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
      <div className="muted mt-1 flex justify-between text-xs tabular-nums">
        <span>{days[0]?.day}</span>
        <span>{days.at(-1)?.day}</span>
      </div>
    </figure>
  );
}

// A card's (or a fleet row's) distance to target per iteration. An inline SVG polyline is plenty for ~30
// points and costs no script per card; the goal page's big chart is uPlot.
const WIDTH = 120;
const HEIGHT = 28;
const PAD = 2;

// from/to: the iterations drawn, when known; className: the size (a card's is h-7 w-full).
export function Sparkline({ values, from, to, className = "h-7 w-full" }: { values: number[]; from?: number; to?: number; className?: string }) {
  const met = values.at(-1) === 0;
  const span =
    from !== undefined && to !== undefined
      ? `iterations ${from} to ${to}`
      : `the last ${values.length} measured ${values.length === 1 ? "iteration" : "iterations"}`;
  const label = `Distance to target, ${span}: ${met ? "every target met at the last one" : `${percent(values.at(-1)!)} of the farthest at the last one`}`;
  const step = values.length > 1 ? (WIDTH - 2 * PAD) / (values.length - 1) : 0;
  // 1 (the farthest in the window) at the top, 0 (every target met) on the bottom line.
  const y = (value: number) => PAD + (1 - Math.min(1, Math.max(0, value))) * (HEIGHT - 2 * PAD);
  // One point alone is drawn as a short level stroke so it still shows.
  const drawn = values.length > 1 ? values : [values[0], values[0]];
  const spacing = values.length > 1 ? step : 8;
  const points = drawn.map((value, index) => `${(PAD + index * spacing).toFixed(1)},${y(value).toFixed(1)}`).join(" ");
  return (
    <svg
      data-testid="goal-sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      className={`${className} overflow-visible ${met ? "text-emerald-600 dark:text-emerald-400" : "text-blue-600 dark:text-blue-400"}`}
    >
      <title>{label}</title>
      {/* The target: distance 0 sits on the bottom line. */}
      <line
        x1={PAD}
        x2={WIDTH - PAD}
        y1={HEIGHT - PAD}
        y2={HEIGHT - PAD}
        className="stroke-slate-200 dark:stroke-slate-700"
        strokeWidth={1}
        strokeDasharray="2 2"
        vectorEffect="non-scaling-stroke"
      />
      <polyline
        points={points}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinejoin="round"
        strokeLinecap="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

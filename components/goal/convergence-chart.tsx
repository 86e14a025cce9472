"use client";
// Every target metric per iteration against its target: one small uPlot chart per metric, stacked,
// sharing the iteration axis and a synced cursor. New data goes through setData, so a live goal
// grows in place instead of rebuilding its charts.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartData } from "@/server/goals/read-goal-chart";
import { ChartReadout } from "./chart-readout";
import { chartPalette, type ChartPalette } from "./chart-palette";
import { useDarkMode } from "./use-dark-mode";

const FLAG = { regression: 1, rejected: 2, policyFailed: 4, agentFailed: 8 } as const; // the bits of ChartData.flags

export function ConvergenceChart({ goal, data }: { goal: string; data: ChartData }) {
  const router = useRouter();
  const dark = useDarkMode();
  const syncKey = useId();
  const charts = useRef<uPlot[]>([]);
  const hosts = useRef<(HTMLDivElement | null)[]>([]);
  const latest = useRef(data);
  latest.current = data;
  const [cursor, setCursor] = useState<number | null>(null);
  const metrics = data.series.map((series) => series.metric).join("\n");
  const hasPoints = data.numbers.length > 0;
  const height = data.series.length === 1 ? 200 : data.series.length === 2 ? 150 : 120;

  // Build the charts when the metrics, the theme or the first point arrive; data changes only setData.
  useEffect(() => {
    if (!hasPoints) return;
    const palette = chartPalette(dark);
    const count = latest.current.series.length;
    charts.current = latest.current.series.map((_, index) => {
      const host = hosts.current[index]!;
      const dense = latest.current.numbers.length > 150;
      const chart = new uPlot(
        chartOptions(palette, syncKey, host.clientWidth, height, index === count - 1, dense, setCursor),
        alignedData(latest.current, index),
        host,
      );
      // A click opens the iteration under the cursor.
      chart.over.addEventListener("click", () => {
        const at = chart.cursor.idx;
        if (at != null) router.push(`/goals/${encodeURIComponent(goal)}/iterations/${latest.current.numbers[at]}`);
      });
      return chart;
    });
    const resize = new ResizeObserver(() => {
      for (const [index, chart] of charts.current.entries()) chart.setSize({ width: hosts.current[index]?.clientWidth ?? 300, height });
    });
    for (const host of hosts.current) if (host) resize.observe(host);
    return () => {
      resize.disconnect();
      for (const chart of charts.current) chart.destroy();
      charts.current = [];
    };
  }, [metrics, dark, hasPoints, height, syncKey, goal, router]);

  useEffect(() => {
    for (const [index, chart] of charts.current.entries()) chart.setData(alignedData(data, index));
  }, [data]);

  const shown = cursor !== null && cursor < data.numbers.length ? cursor : data.numbers.length - 1;

  return (
    <div data-testid="convergence-chart" data-points={data.numbers.length} className="space-y-3">
      {!hasPoints && (
        <p className="rounded-md border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          Nothing measured yet. The runner measures the baseline (iteration 0) first; each iteration then adds a point here as it is evaluated.
        </p>
      )}
      {hasPoints && <IterationLine data={data} at={shown} latest={cursor === null} />}
      {data.series.map((series, index) => (
        <div key={series.metric} data-testid="chart-metric" data-metric={series.metric}>
          <ChartReadout data={data} series={series} at={shown} />
          {hasPoints && (
            <div
              ref={(node) => {
                hosts.current[index] = node;
              }}
              className="w-full cursor-pointer"
              style={{ height }}
              role="img"
              aria-label={`${series.metric} per iteration against its target ${series.target}`}
            />
          )}
        </div>
      ))}
      {hasPoints && <ChartKey />}
    </div>
  );
}

// [x, value, target line, regression, rejected, policy failed, best]: markers are null where they do not apply.
function alignedData(data: ChartData, index: number): uPlot.AlignedData {
  const { values, targetValues } = data.series[index];
  const where = (flag: number) => values.map((value, i) => (data.flags[i] & flag ? value : null));
  return [
    data.numbers,
    values,
    targetValues,
    where(FLAG.regression),
    where(FLAG.rejected),
    where(FLAG.policyFailed),
    values.map((value, i) => (data.numbers[i] === data.best ? value : null)),
  ];
}

function chartOptions(
  palette: ChartPalette,
  syncKey: string,
  width: number,
  height: number,
  last: boolean,
  dense: boolean,
  onCursor: (at: number | null) => void,
): uPlot.Options {
  const marker = (label: string, colour: string, size = dense ? 6 : 9): uPlot.Series => ({
    label,
    stroke: colour,
    fill: colour,
    paths: () => null,
    points: { show: true, size, width: 0, space: 0, fill: colour, stroke: colour },
  });
  const axis: uPlot.Axis = {
    stroke: palette.axis,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1 },
    font: "11px ui-sans-serif, system-ui, sans-serif",
  };
  return {
    width: Math.max(width, 200),
    height,
    legend: { show: false },
    cursor: { y: false, sync: { key: syncKey, setSeries: false }, drag: { x: false, y: false }, points: { size: 7 } },
    // One iteration alone would get uPlot's default 0-100 axis: keep the axis to whole iterations around it.
    scales: {
      x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
      y: { range: (_u, min, max) => padRange(min, max) },
    },
    axes: [
      // Only the bottom chart labels the shared iteration axis.
      {
        ...axis,
        size: last ? 30 : 8,
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
        values: last ? (_u, splits) => splits.map(String) : (_u, splits) => splits.map(() => ""),
      },
      { ...axis, size: 48, values: (_u, splits) => splits.map(formatTick) },
    ],
    series: [
      { label: "iteration" },
      // uPlot hides the value's own dots once they would crowd each other (1,000 iterations).
      { label: "value", stroke: palette.value, width: 2, points: { size: 5, fill: palette.value, stroke: palette.value } },
      // A relative target ("<= baseline * 1.05") moves with the baseline and the best: a step where it does.
      { label: "target", stroke: palette.target, width: 1.5, dash: [6, 4], points: { show: false }, paths: uPlot.paths.stepped?.({ align: 1 }) },
      marker("regression", palette.regression),
      marker("rejected", palette.rejected),
      marker("policy failed", palette.policyFailed),
      {
        label: "best",
        stroke: palette.best,
        paths: () => null,
        points: { show: true, size: dense ? 13 : 15, width: 2.5, space: 0, fill: "transparent", stroke: palette.best },
      },
    ],
    hooks: { setCursor: [(chart) => onCursor(chart.cursor.idx ?? null)] },
  };
}

// A flat metric (a 0/1 check, or every value on the target) still gets a band to draw in.
function padRange(min: number | null, max: number | null): uPlot.Range.MinMax {
  const low = min ?? 0;
  const high = max ?? 1;
  const span = high - low || Math.max(Math.abs(high), 1);
  return [low - span * 0.12, high + span * 0.12];
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

// What the iteration under the cursor (or the latest) was: its number and what marks it.
function IterationLine({ data, at, latest }: { data: ChartData; at: number; latest: boolean }) {
  const flags = data.flags[at];
  const marks = [
    data.numbers[at] === data.best && { text: "best", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100" },
    flags & FLAG.regression && { text: "regression", className: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
    flags & FLAG.rejected && { text: "rejected", className: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100" },
    flags & FLAG.policyFailed && { text: "policy failed", className: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900 dark:text-fuchsia-100" },
    flags & FLAG.agentFailed && { text: "agent failed", className: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200" },
  ].filter((mark): mark is { text: string; className: string } => Boolean(mark));
  return (
    <div className="flex h-6 items-center gap-2 text-xs">
      <span className="font-medium">Iteration {data.numbers[at]}</span>
      {latest && <span className="muted">(latest; hover the chart for others)</span>}
      {marks.map((mark) => (
        <span key={mark.text} className={`rounded px-1.5 py-0.5 font-medium ${mark.className}`}>
          {mark.text}
        </span>
      ))}
    </div>
  );
}

function ChartKey() {
  const item = "inline-flex items-center gap-1.5";
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400" aria-label="Chart key">
      <li className={item}>
        <span aria-hidden className="inline-block h-0.5 w-4 bg-blue-600 dark:bg-blue-400" />
        measured
      </li>
      <li className={item}>
        <span aria-hidden className="inline-block w-4 border-t-2 border-dashed border-slate-500 dark:border-slate-400" />
        target
      </li>
      <li className={item}>
        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-red-600 dark:bg-red-400" />
        regression
      </li>
      <li className={item}>
        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-amber-500 dark:bg-amber-400" />
        rejected
      </li>
      <li className={item}>
        <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-full bg-fuchsia-600 dark:bg-fuchsia-400" />
        policy failed
      </li>
      <li className={item}>
        <span aria-hidden className="inline-block h-3 w-3 rounded-full border-2 border-emerald-600 dark:border-emerald-400" />
        best
      </li>
      <li className="muted">Click a point to open its iteration.</li>
    </ul>
  );
}

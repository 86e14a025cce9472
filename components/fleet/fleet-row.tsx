// One goal in the fleet table, 44 pixels tall. Wide: a cell per column, two short lines at most. Narrow:
// the row folds into two lines (name, phase and age; then reason, iteration, targets and cost).
import Link from "next/link";
import { memo } from "react";
import { PHASE_EDGE, PhaseBadge } from "@/components/phase-badge";
import { Sparkline } from "@/components/board/sparkline";
import { formatCost } from "@/components/goal/format";
import { formatAge } from "@/components/ui/time-ago";
import type { FleetRow as Row, TargetCheck } from "@/server/fleet/read-fleet";
import { NEAR_BUDGET } from "@/server/fleet/summary";
import { formatValue } from "@/server/loop/spec-targets";
import { GRID_TEMPLATE } from "./fleet-columns";

// sparkline: undefined while it is being read, [] when the goal has no measurement yet. now: the table's
// clock, which ticks for every row at once (a clock per row would re-render rows as they scroll in).
export const FleetRow = memo(function FleetRow({
  row,
  sparkline,
  wide,
  now,
  index,
}: {
  row: Row;
  sparkline: number[] | undefined;
  wide: boolean;
  now: number;
  index: number;
}) {
  const why = row.message ? `${row.reason}: ${row.message}` : row.reason;
  const met = row.targets.filter((target) => target.met).length;
  const cells = wide ? (
    <>
      <div role="cell" className="min-w-0">
        <GoalName name={row.name} />
        <Labels labels={row.labels} more={row.moreLabels} />
      </div>
      <div role="cell" className="min-w-0">
        <PhaseBadge phase={row.phase} />
        <p className="truncate text-xs text-slate-600 dark:text-slate-400" title={why} data-testid="fleet-reason">
          <span className="font-medium text-slate-700 dark:text-slate-300">{row.reason}</span>
          {row.message && <>: {row.message}</>}
        </p>
      </div>
      <div role="cell" className="text-right text-xs tabular-nums">
        <Iteration row={row} />
      </div>
      <div role="cell" className="min-w-0">
        <p className="text-xs text-slate-600 dark:text-slate-400">{row.targets.length === 0 ? "no targets" : `${met} of ${row.targets.length} met`}</p>
        <Targets targets={row.targets} />
      </div>
      <div role="cell" className="flex items-center">
        <Trend values={sparkline} />
      </div>
      <div role="cell" className="text-right text-xs tabular-nums">
        <Cost row={row} />
      </div>
      <div role="cell" className="min-w-0 truncate text-xs text-slate-600 dark:text-slate-400" data-testid="fleet-runner">
        <Runner heldBy={row.heldBy} />
      </div>
      <div role="cell" className="text-right text-xs text-slate-500 tabular-nums dark:text-slate-400">
        <Age at={row.lastEventAt} now={now} />
      </div>
    </>
  ) : (
    <div role="cell" className="min-w-0">
      <div className="flex items-center gap-2">
        <div className="min-w-0 flex-1">
          <GoalName name={row.name} />
        </div>
        <PhaseBadge phase={row.phase} />
        <span className="w-12 shrink-0 text-right text-xs text-slate-500 tabular-nums dark:text-slate-400">
          <Age at={row.lastEventAt} now={now} />
        </span>
      </div>
      <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-400">
        <p className="min-w-0 flex-1 truncate" title={why} data-testid="fleet-reason">
          {why}
        </p>
        <span className="shrink-0 tabular-nums">
          <Iteration row={row} />
        </span>
        <span className="shrink-0 tabular-nums" title={row.targets.map(describeTarget).join("\n")}>
          {met}/{row.targets.length} met
        </span>
        <span className="shrink-0 tabular-nums">
          <Cost row={row} oneLine />
        </span>
      </div>
    </div>
  );
  return (
    <div
      role="row"
      aria-rowindex={index}
      data-testid="fleet-row"
      data-goal={row.name}
      data-phase={row.phase}
      className={`grid h-11 items-center gap-x-3 border-b border-slate-100 bg-white px-3 hover:bg-slate-50 dark:border-slate-800/70 dark:bg-slate-900 dark:hover:bg-slate-800/60 ${PHASE_EDGE[row.phase] ?? "border-l-4 border-l-transparent"}`}
      style={{ gridTemplateColumns: wide ? GRID_TEMPLATE : "minmax(0,1fr)" }}
    >
      {cells}
    </div>
  );
});

function GoalName({ name }: { name: string }) {
  return (
    // No prefetch: rows stream past by the hundred while scrolling, and each would fetch its goal's page.
    <Link
      href={`/goals/${encodeURIComponent(name)}`}
      prefetch={false}
      data-testid="fleet-goal-link"
      className="block truncate text-sm font-medium leading-5 text-slate-900 hover:text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-100 dark:hover:text-blue-300"
    >
      {name}
    </Link>
  );
}

function Labels({ labels, more }: { labels: Record<string, string>; more: number }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <p className="text-xs leading-4 text-slate-400 dark:text-slate-500">no labels</p>;
  const text = entries.map(([key, value]) => `${key}=${value}`).join("  ");
  return (
    <p className="truncate text-xs leading-4 text-slate-500 dark:text-slate-400" title={more > 0 ? `${text} and ${more} more` : text}>
      {text}
      {more > 0 && ` +${more}`}
    </p>
  );
}

function Iteration({ row }: { row: Row }) {
  return (
    <span data-testid="fleet-iteration" title="Iterations in this run / stop.maxIterations">
      {row.iteration ?? "–"} / {row.maxIterations ?? "–"}
    </span>
  );
}

function describeTarget(target: TargetCheck): string {
  return `${target.met ? "✓" : "✗"} ${target.metric} ${formatValue(target.value)} (target ${target.target})`;
}

// Each target as "metric value": green when met, red when not; the target itself in the tooltip.
function Targets({ targets }: { targets: TargetCheck[] }) {
  return (
    <p className="truncate text-xs leading-4" title={targets.map(describeTarget).join("\n")} data-testid="fleet-targets">
      {targets.map((target) => (
        <span key={target.metric} className={`mr-2 ${target.met ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
          <span aria-hidden>{target.met ? "✓" : "✗"}</span> {target.metric.split(".").at(-1)} {formatValue(target.value)}
          {!target.met && <span className="text-slate-500 dark:text-slate-400"> {target.target}</span>}
        </span>
      ))}
    </p>
  );
}

function Trend({ values }: { values: number[] | undefined }) {
  // A still placeholder: an animated one per row costs every frame of a scroll.
  if (values === undefined) return <span aria-label="Reading the trend" className="block h-6 w-24 rounded bg-slate-100 dark:bg-slate-800" />;
  if (values.length === 0) return <span className="text-xs text-slate-400 dark:text-slate-500">not measured yet</span>;
  return <Sparkline values={values} className="h-6 w-24" />;
}

// This run's spend against its budget (amber from NEAR_BUDGET of it, as the summary counts); every run's together in the tooltip.
function Cost({ row, oneLine = false }: { row: Row; oneLine?: boolean }) {
  const near = row.maxCostUsd !== null && row.maxCostUsd > 0 && row.runCostUsd >= NEAR_BUDGET * row.maxCostUsd;
  const title = `${formatCost(row.runCostUsd)} this run${row.maxCostUsd !== null ? ` of stop.maxCostUsd ${formatCost(row.maxCostUsd)}` : ", no cost budget"}; ${formatCost(row.costUsd)} over every run`;
  return (
    <span data-testid="fleet-cost" title={title}>
      <span className={near ? "font-medium text-amber-800 dark:text-amber-300" : ""}>{formatCost(row.runCostUsd)}</span>
      {row.maxCostUsd !== null && <span className={`${oneLine ? "" : "block "}text-slate-400 dark:text-slate-500`}> of {formatCost(row.maxCostUsd)}</span>}
    </span>
  );
}

function Age({ at, now }: { at: string; now: number }) {
  const time = new Date(at);
  return (
    <time dateTime={at} title={`${at.replace("T", " ").slice(0, 19)} UTC`}>
      {formatAge(now - time.getTime())}
    </time>
  );
}

function Runner({ heldBy }: { heldBy: string | null }) {
  if (!heldBy) return <span className="text-slate-400 dark:text-slate-500">–</span>;
  return (
    <span className="flex min-w-0 items-center gap-1" title={`Held by runner ${heldBy}`}>
      <span aria-hidden className="h-1.5 w-1.5 shrink-0 rounded-full bg-blue-500" />
      <span className="truncate">{heldBy}</span>
    </span>
  );
}

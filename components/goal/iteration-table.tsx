// The goal's iterations, newest first, a page at a time: phase, target metrics (met or not), changes,
// cost, duration and approval. Each number opens the iteration.
import Link from "next/link";
import { isRemeasure } from "@/components/iteration/empty-sections";
import { PhaseBadge } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { chartedTarget, type ChartData } from "@/server/goals/read-goal-chart";
import type { IterationPage, IterationRow } from "@/server/goals/read-goal-iterations";
import { formatValue, measured, type MetricTarget } from "@/server/loop/spec-targets";
import { targetHolds } from "@/server/spec/metric-target";
import { CostUnknown } from "./cost-unknown";
import { formatCost, formatDuration } from "./format";

// chart: the targets each iteration was judged against (a relative one, "<= baseline * 1.05", has no single value).
export function IterationTable({
  name,
  page,
  targets,
  chart,
  best,
  now,
}: {
  name: string;
  page: IterationPage;
  targets: MetricTarget[];
  chart: ChartData;
  best: number | null;
  now: number;
}) {
  const base = `/goals/${encodeURIComponent(name)}`;
  if (page.total === 0) {
    return (
      <p className="px-4 py-8 text-center text-sm text-slate-600 dark:text-slate-400">
        No iterations yet. A runner picks the goal up from the queue and measures the baseline first; if nothing happens, check that a runner is running on the
        Runners page.
      </p>
    );
  }
  const first = page.rows[0]?.number;
  const last = page.rows.at(-1)?.number;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm" data-testid="iteration-table">
          <thead>
            <tr className="whitespace-nowrap border-b border-slate-200 text-left align-bottom text-xs font-medium text-slate-500 dark:border-slate-800 dark:text-slate-400">
              <th scope="col" className="py-2 pl-4 pr-3">
                #
              </th>
              <th scope="col" className="py-2 pr-3">
                Phase
              </th>
              {targets.map(({ metric, text }) => (
                <th scope="col" key={metric} className="py-2 pr-3">
                  <span className="block font-mono">{metric}</span>
                  <span className="block font-normal">target {text}</span>
                </th>
              ))}
              <th scope="col" className="py-2 pr-3 text-right">
                Files
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Cost
              </th>
              <th scope="col" className="py-2 pr-3 text-right">
                Duration
              </th>
              <th scope="col" className="py-2 pr-3">
                Approval
              </th>
              <th scope="col" className="py-2 pr-4 text-right">
                Started
              </th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <Row key={row.number} row={row} base={base} targets={targets} chart={chart} best={best} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      <nav
        className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-2.5 text-sm dark:border-slate-800"
        aria-label="Iteration pages"
        data-testid="iteration-pages"
      >
        <span className="muted tabular-nums">
          {first === last ? `iteration ${first}` : `iterations ${last}–${first}`} of {page.total}, newest first
        </span>
        <span className="flex gap-2">
          {page.newer !== null && (
            <Link className="btn btn-sm" href={base} data-testid="iterations-newest">
              Newest
            </Link>
          )}
          {page.newer !== null && (
            <Link className="btn btn-sm" href={`${base}?after=${page.newer}`} data-testid="iterations-newer">
              ← Newer
            </Link>
          )}
          {page.older !== null && (
            <Link className="btn btn-sm" href={`${base}?before=${page.older}`} data-testid="iterations-older">
              Older →
            </Link>
          )}
        </span>
      </nav>
    </>
  );
}

function Row({
  row,
  base,
  targets,
  chart,
  best,
  now,
}: {
  row: IterationRow;
  base: string;
  targets: MetricTarget[];
  chart: ChartData;
  best: number | null;
  now: number;
}) {
  return (
    <tr
      className="whitespace-nowrap border-b border-slate-100 last:border-0 hover:bg-slate-50 dark:border-slate-800/70 dark:hover:bg-slate-800/40"
      data-testid="iteration-row"
      data-iteration={row.number}
      data-phase={row.phase}
    >
      <td className="py-1.5 pl-4 pr-3 tabular-nums">
        <Link href={`${base}/iterations/${row.number}`} className="font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-400">
          {row.number}
        </Link>
        {row.number === best && (
          <span
            className="ml-1.5 rounded bg-emerald-100 px-1 text-[10px] font-semibold uppercase text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100"
            title="The best iteration so far"
          >
            best
          </span>
        )}
        {row.number === 0 && <span className="muted ml-1.5 text-xs">baseline</span>}
        {isRemeasure(row) && (
          <span className="muted ml-1.5 text-xs" data-testid="remeasure" title="No agent ran: a new run measured this commit again">
            re-measure
          </span>
        )}
      </td>
      <td className="py-1.5 pr-3">
        <PhaseBadge phase={row.phase} />
        {row.regression && row.phase !== "Reverted" && <span className="ml-1 text-xs text-red-700 dark:text-red-400">regression</span>}
      </td>
      {targets.map(({ metric, written, target }, index) => {
        const value = measured(row.metrics, metric);
        const judged = written.ref === undefined ? target : chartedTarget(chart, index, row.number);
        const met = judged !== null && targetHolds(judged, value);
        return (
          <td
            key={metric}
            className={`py-1.5 pr-3 font-mono text-xs tabular-nums ${value === undefined ? "text-slate-400 dark:text-slate-500" : met ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}
            data-metric={metric}
            data-met={value === undefined ? undefined : String(met)}
          >
            {value === undefined ? (
              "–"
            ) : (
              <>
                {met ? "✓" : "✗"} {formatValue(value)}
              </>
            )}
          </td>
        );
      })}
      <td className="py-1.5 pr-3 text-right tabular-nums">{row.changedFiles}</td>
      <td className="py-1.5 pr-3 text-right font-mono text-xs tabular-nums">{row.costKnown ? formatCost(row.costUsd) : <CostUnknown />}</td>
      <td className="py-1.5 pr-3 text-right tabular-nums">
        {row.durationMs === null ? <span className="muted">running</span> : formatDuration(row.durationMs)}
      </td>
      <td className="py-1.5 pr-3">
        <Approval row={row} />
      </td>
      <td className="muted py-1.5 pr-4 text-right text-xs">
        <TimeAgo at={row.startedAt} now={now} />
      </td>
    </tr>
  );
}

function Approval({ row }: { row: IterationRow }) {
  if (row.approval === null) return <span className="text-slate-400 dark:text-slate-500">–</span>;
  const colour =
    row.approval === "approved"
      ? "text-emerald-700 dark:text-emerald-400"
      : row.approval === "rejected"
        ? "text-amber-700 dark:text-amber-400"
        : "text-blue-700 dark:text-blue-400";
  return (
    <span className={`text-xs font-medium ${colour}`} title={row.approvalComment ?? undefined}>
      {row.approval}
    </span>
  );
}

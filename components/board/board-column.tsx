// A column of the board: its title and count, the newest cards, and a link to show the next page.
import Link from "next/link";
import { PHASE_SWATCH } from "@/components/phase-badge";
import { CURSOR_PARAM } from "@/server/board/board-filter";
import { PAGE_SIZE, type BoardColumn as Column } from "@/server/board/read-board";
import { boardHref, filterOnly, type BoardParams } from "./board-href";
import { GoalCard } from "./goal-card";

// The column's dot takes the colour of its phase's badge (components/phase-badge.tsx).
export const COLUMN_DOTS: Record<Column["key"], string> = {
  queued: "bg-slate-400 dark:bg-slate-500",
  running: "bg-blue-500",
  awaiting: "bg-amber-500",
  converged: "bg-emerald-500",
  ended: "bg-orange-500",
};

// On a narrow screen the columns stack, and what needs a person comes first: gates, then goals that stopped.
const NARROW_ORDER: Record<Column["key"], string> = {
  awaiting: "max-lg:order-1",
  ended: "max-lg:order-2",
  running: "max-lg:order-3",
  queued: "max-lg:order-4",
  converged: "max-lg:order-5",
};

export function BoardColumn({ column, params, filtered, now }: { column: Column; params: BoardParams; filtered: boolean; now: number }) {
  const headingId = `column-${column.key}-title`;
  const remaining = column.count - column.cards.length;
  return (
    <section
      data-testid="board-column"
      data-column={column.key}
      aria-labelledby={headingId}
      className={`flex min-h-0 min-w-0 flex-col rounded-xl bg-slate-100/80 p-2 lg:max-h-[calc(100vh-10rem)] dark:bg-slate-900/50 ${NARROW_ORDER[column.key]}`}
    >
      <h2 id={headingId} className="flex shrink-0 items-center gap-2 px-1 pt-1 text-sm font-semibold text-slate-700 dark:text-slate-200">
        <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${COLUMN_DOTS[column.key]}`} />
        <span className="min-w-0 truncate">{column.title}</span>
        <span
          data-testid="column-count"
          className="ml-auto rounded-full bg-white px-2 py-0.5 text-xs font-medium tabular-nums text-slate-600 shadow-sm dark:bg-slate-800 dark:text-slate-300"
          aria-label={`${column.count} goals`}
        >
          {column.count.toLocaleString("en")}
        </span>
      </h2>
      {column.key === "ended" ? (
        <PhaseCounts column={column} params={params} />
      ) : (
        <p className="shrink-0 truncate px-1 pb-2 pl-5 text-xs text-slate-500 dark:text-slate-400" title={column.hint}>
          {column.hint}
        </p>
      )}
      {/* Each column scrolls on its own, like a kanban board, so a long column does not push the others away. */}
      <div className="-mx-1 min-h-0 overflow-y-auto px-1 pb-1" data-testid="column-cards">
        {column.cards.length === 0 ? (
          <p
            data-testid="column-empty"
            className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400"
          >
            {filtered ? "No goal here matches the filter" : column.empty}
          </p>
        ) : (
          <ul className="flex flex-col gap-2">
            {column.cards.map((card) => (
              <GoalCard key={card.id} card={card} params={params} now={now} />
            ))}
          </ul>
        )}
        {column.nextCursor && remaining > 0 && (
          <Link
            data-testid="column-show-more"
            scroll={false}
            href={boardHref(params, { [CURSOR_PARAM(column.key)]: column.nextCursor })}
            className="btn btn-sm mt-2 w-full"
          >
            Show {Math.min(PAGE_SIZE, remaining).toLocaleString("en")} more
            {remaining > PAGE_SIZE && <span className="muted font-normal"> of {remaining.toLocaleString("en")} left</span>}
          </Link>
        )}
      </div>
    </section>
  );
}

// The stopped column counts each way of stopping apart, each a link to those goals alone.
function PhaseCounts({ column, params }: { column: Column; params: BoardParams }) {
  return (
    <ul
      data-testid="column-phase-counts"
      aria-label="Goals per phase in this column"
      className="flex shrink-0 flex-wrap gap-x-2.5 gap-y-1 px-1 pb-2 pl-5 text-xs text-slate-600 dark:text-slate-300"
    >
      {column.phases.map(({ phase, count }) => (
        <li key={phase}>
          <Link
            href={boardHref(filterOnly(params), { phase })}
            scroll={false}
            data-phase={phase}
            title={`Show only ${phase} goals`}
            className={`inline-flex items-center gap-1 hover:underline ${count === 0 ? "opacity-60" : ""}`}
          >
            <span aria-hidden className={`h-2 w-2 rounded-full ${PHASE_SWATCH[phase]}`} />
            {phase} <span className="font-semibold tabular-nums">{count.toLocaleString("en")}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

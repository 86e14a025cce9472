// The board's shape while it loads: the same header, filter and five columns, so nothing jumps.
import { SummarySkeleton } from "@/components/summary/summary-skeleton";
import { FilterHeaderSkeleton } from "@/components/ui/filter-header-skeleton";
import { COLUMN_DOTS } from "./board-column";
import { BOARD_COLUMNS } from "@/server/board/board-columns";

const bar = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";

export function BoardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the board" data-testid="board-loading">
      <FilterHeaderSkeleton title="Board" fields={["w-56", "w-64", "w-48"]} />
      <SummarySkeleton />
      <div className="pb-2 lg:overflow-x-auto">
        <div className="grid grid-cols-1 items-start gap-3 lg:min-w-[1100px] lg:grid-cols-5">
          {BOARD_COLUMNS.map((column, index) => (
            <section key={column.key} className="flex flex-col rounded-xl bg-slate-100/80 p-2 dark:bg-slate-900/50">
              <h2 className="flex items-center gap-2 px-1 pt-1 text-sm font-semibold text-slate-700 dark:text-slate-200">
                <span aria-hidden className={`h-2 w-2 rounded-full ${COLUMN_DOTS[column.key]}`} />
                {column.title}
                <span className={`${bar} ml-auto h-5 w-7 rounded-full`} />
              </h2>
              <p className="truncate px-1 pb-2 pl-5 text-xs text-slate-500 dark:text-slate-400">{column.hint}</p>
              <ul className="flex flex-col gap-2">
                {Array.from({ length: 3 - (index % 2) }, (_, card) => (
                  <li key={card} className="panel flex flex-col gap-2 p-3">
                    <div className={`${bar} h-5 w-3/4`} />
                    <div className="flex gap-1">
                      <div className={`${bar} h-5 w-20`} />
                      <div className={`${bar} h-5 w-16`} />
                    </div>
                    <div className={`${bar} h-8 w-full`} />
                    <div className={`${bar} h-7 w-full`} />
                    <div className="flex justify-between">
                      <div className={`${bar} h-4 w-16`} />
                      <div className={`${bar} h-4 w-12`} />
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}

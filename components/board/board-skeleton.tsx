// The board's shape while it loads: the same header, filter and five columns, so nothing jumps.
import { COLUMN_DOTS } from "./board-column";
import { BOARD_COLUMNS } from "@/server/board/board-columns";

const bar = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";

export function BoardSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the board" data-testid="board-loading">
      <div className="mb-5 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="pt-3">
          <h1 className="text-xl font-semibold tracking-tight">Board</h1>
          <div className={`${bar} mt-1.5 h-4 w-44`} />
        </div>
        <div className="flex flex-wrap items-start gap-3">
          {["w-56", "w-64", "w-48"].map((width) => (
            <div key={width} className={width}>
              <div className={`${bar} mb-2 h-4 w-24`} />
              <div className={`${bar} h-[34px] w-full rounded-md`} />
            </div>
          ))}
          <div className="pt-6"><div className={`${bar} h-[34px] w-16 rounded-md`} /></div>
        </div>
      </div>
      <div className="overflow-x-auto pb-2">
        <div className="grid min-w-[1100px] grid-cols-5 items-start gap-3">
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
                    <div className="flex gap-1"><div className={`${bar} h-5 w-20`} /><div className={`${bar} h-5 w-16`} /></div>
                    <div className={`${bar} h-8 w-full`} />
                    <div className={`${bar} h-7 w-full`} />
                    <div className="flex justify-between"><div className={`${bar} h-4 w-16`} /><div className={`${bar} h-4 w-12`} /></div>
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

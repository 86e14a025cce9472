// The fleet table's header row: each sortable column's title is a button (again: the other way round),
// and says how the rows are sorted now. It stays in view under the site's header while the page scrolls.
import type { Sort, SortKey } from "@/server/fleet/fleet-query";
import { FLEET_COLUMNS, GRID_TEMPLATE } from "./fleet-columns";

// ready: every row has arrived; until then the columns show their order but cannot change it.
export function FleetHeader({ sort, onSort, top, ready }: { sort: Sort; onSort: (key: SortKey) => void; top: number; ready: boolean }) {
  return (
    <div role="rowgroup" className="sticky z-10" style={{ top }}>
      <div
        role="row"
        aria-rowindex={1}
        className="grid items-center gap-x-3 border-b border-slate-200 bg-slate-50/95 px-3 py-2 pl-4 text-xs font-semibold uppercase tracking-wide text-slate-500 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95 dark:text-slate-400"
        style={{ gridTemplateColumns: GRID_TEMPLATE }}
      >
        {FLEET_COLUMNS.map((column) => {
          const active = column.sort !== null && sort.key === column.sort;
          const direction = active ? (sort.descending ? "descending" : "ascending") : undefined;
          return (
            <div
              key={column.key}
              role="columnheader"
              aria-sort={column.sort ? (direction ?? "none") : undefined}
              title={column.hint}
              className={column.align === "right" ? "text-right" : ""}
            >
              {column.sort ? (
                <button
                  type="button"
                  onClick={() => onSort(column.sort!)}
                  data-testid={`fleet-sort-${column.sort}`}
                  disabled={!ready}
                  className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-white ${active ? "text-slate-900 dark:text-white" : ""}`}
                >
                  {column.title}
                  <span aria-hidden className={active ? "" : "invisible"}>
                    {sort.descending ? "↓" : "↑"}
                  </span>
                </button>
              ) : (
                column.title
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

// The page's real layout, greyed, so nothing jumps when the table arrives.
const COLUMNS = ["Status", "Runner", "Slots", "Heartbeat", "Holds", "Iterations done", "Started"];

export default function RunnersLoading() {
  return (
    <div className="mx-auto max-w-6xl" aria-busy="true" aria-label="Loading runners">
      <div className="mb-5 flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">Runners</h1>
        <span className="h-4 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="panel overflow-hidden">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-200 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
              {COLUMNS.map((column) => (
                <th key={column} scope="col" className="px-4 py-2.5">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[0, 1].map((row) => (
              <tr key={row} className="border-b border-slate-100 last:border-b-0 dark:border-slate-800">
                {COLUMNS.map((column) => (
                  <td key={column} className="px-4 py-3">
                    <span className="block h-4 w-full max-w-28 animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

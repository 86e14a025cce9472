// The page's real layout, greyed, so nothing jumps when the list arrives.
export default function ApprovalsLoading() {
  return (
    <div className="mx-auto max-w-6xl" aria-busy="true" aria-label="Loading approvals">
      <div className="mb-5 flex items-baseline gap-3">
        <h1 className="text-xl font-semibold">Approvals</h1>
        <span className="h-4 w-72 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="space-y-4">
        {[0, 1].map((key) => (
          <div key={key} className="panel overflow-hidden">
            <div className="flex items-center gap-3 border-b border-slate-200 bg-slate-50/60 px-4 py-3 dark:border-slate-800 dark:bg-slate-900/60">
              <span className="h-4 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
              <span className="h-4 w-28 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
              <span className="ml-auto h-4 w-20 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
            </div>
            <div className="grid gap-6 p-4 md:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_18rem]">
              <div className="space-y-2.5">
                <span className="block h-3 w-16 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
                <span className="block h-4 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
                <span className="block h-4 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
              </div>
              <div className="space-y-2.5">
                <span className="block h-3 w-24 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
                <span className="block h-4 w-40 animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
              </div>
              <div className="space-y-2.5 md:border-l md:border-slate-200 md:pl-6 md:dark:border-slate-800">
                <span className="block h-16 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800/70" />
                <span className="block h-7 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
              </div>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

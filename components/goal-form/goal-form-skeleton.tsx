// The form's layout in grey while the page loads, so nothing moves when it arrives.
export function GoalFormSkeleton({ title }: { title: string }) {
  return (
    <div aria-busy="true" aria-label={`Loading ${title.toLowerCase()}`}>
      <div className="mb-6">
        <div className="h-4 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
        <div className="mt-2 h-4 w-96 max-w-full animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem] xl:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="space-y-4">
          <div className="h-10 w-40 animate-pulse rounded-lg bg-slate-200 dark:bg-slate-800" />
          {[176, 208, 160, 140, 240].map((height, index) => (
            <div key={index} className="panel p-5" style={{ height }}>
              <div className="h-4 w-32 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
              <div className="mt-2 h-3 w-72 max-w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800/60" />
              <div className="mt-5 h-8 animate-pulse rounded bg-slate-100 dark:bg-slate-800/60" />
            </div>
          ))}
        </div>
        <div className="space-y-4">
          <div className="panel h-36 p-4">
            <div className="h-8 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
            <div className="mt-2 h-8 animate-pulse rounded bg-slate-100 dark:bg-slate-800/60" />
          </div>
          <div className="panel h-40" />
        </div>
      </div>
    </div>
  );
}

// The iteration page's shape while it loads, so nothing jumps when it arrives.
export function IterationSkeleton() {
  return (
    <div className="animate-pulse space-y-5" aria-busy="true" aria-label="Loading the iteration">
      <div className="space-y-2">
        <div className="h-4 w-56 rounded bg-slate-200 dark:bg-slate-800" />
        <div className="flex items-center gap-3">
          <div className="h-7 w-36 rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-5 w-20 rounded bg-slate-200 dark:bg-slate-800" />
          <div className="ml-auto h-7 w-52 rounded bg-slate-200 dark:bg-slate-800" />
        </div>
      </div>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem] xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          <SkeletonPanel rows={3} />
          <SkeletonPanel rows={10} />
          <SkeletonPanel rows={4} />
        </div>
        <div className="space-y-5">
          <SkeletonPanel rows={3} />
          <SkeletonPanel rows={8} />
        </div>
      </div>
    </div>
  );
}

function SkeletonPanel({ rows }: { rows: number }) {
  return (
    <div className="panel">
      <div className="border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <div className="h-4 w-28 rounded bg-slate-200 dark:bg-slate-800" />
      </div>
      <div className="space-y-2.5 p-4">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-3.5 rounded bg-slate-100 dark:bg-slate-800/70" style={{ width: `${60 + ((i * 37) % 40)}%` }} />
        ))}
      </div>
    </div>
  );
}

// The goal page's shape while its reads run: header, chart and iterations on the left, status and events on
// the right, at their real sizes, so nothing jumps when the data arrives.
export function GoalSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the goal" data-testid="goal-loading">
      <div className="mb-5 flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-2">
          <Bar className="h-4 w-16" />
          <div className="flex items-center gap-3">
            <Bar className="h-7 w-56" />
            <Bar className="h-5 w-20" />
          </div>
          <Bar className="h-4 w-96" />
          <Bar className="h-4 w-80" />
        </div>
        <div className="flex gap-2">
          {[0, 1, 2, 3, 4].map((key) => (
            <Bar key={key} className="h-8 w-20" />
          ))}
        </div>
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          <section className="panel space-y-3 p-4">
            <Bar className="h-4 w-28" />
            {[0, 1].map((key) => (
              <div key={key} className="space-y-1">
                <Bar className="h-4 w-48" />
                <Bar className="h-[150px] w-full" />
              </div>
            ))}
            <Bar className="h-3 w-2/3" />
          </section>
          <section className="panel space-y-2 p-4">
            <Bar className="h-4 w-24" />
            {Array.from({ length: 8 }, (_, key) => (
              <Bar key={key} className="h-6 w-full" />
            ))}
          </section>
        </div>
        <div className="min-w-0 space-y-6">
          <section className="panel space-y-3 p-4">
            <Bar className="h-4 w-16" />
            {Array.from({ length: 10 }, (_, key) => (
              <div key={key} className="grid grid-cols-[8.5rem_1fr] gap-3">
                <Bar className="h-4 w-20" />
                <Bar className="h-4 w-full" />
              </div>
            ))}
          </section>
          <section className="panel space-y-3 p-4">
            <Bar className="h-4 w-32" />
            {Array.from({ length: 5 }, (_, key) => (
              <Bar key={key} className="h-8 w-full" />
            ))}
          </section>
        </div>
      </div>
    </div>
  );
}

function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-slate-200 dark:bg-slate-800 ${className}`} />;
}

// The summary strip's shape while a page loads, so nothing jumps when it arrives.
const bar = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";

export function SummarySkeleton() {
  return (
    <div
      aria-hidden
      className="panel mb-5 grid gap-x-6 gap-y-4 p-4 sm:grid-cols-2 xl:grid-cols-[minmax(0,2fr)_minmax(0,1.4fr)_minmax(0,0.8fr)_minmax(0,1.2fr)]"
    >
      {["w-40", "w-32", "w-20", "w-24"].map((width) => (
        <div key={width}>
          <div className={`${bar} h-3 ${width}`} />
          <div className={`${bar} mt-2.5 h-5 w-full max-w-64`} />
        </div>
      ))}
    </div>
  );
}

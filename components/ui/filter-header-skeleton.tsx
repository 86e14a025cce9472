// A filtered view's header while it loads (the board's, the fleet view's): its title, a greyed line
// under it, and a greyed field per filter, each as wide as the real one.
const bar = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";

export function FilterHeaderSkeleton({ title, fields, line = "w-44" }: { title: string; fields: string[]; line?: string }) {
  return (
    <div className="mb-5 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
      <div className="pt-3">
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        <div className={`${bar} mt-1.5 h-4 ${line}`} />
      </div>
      <div className="flex flex-wrap items-start gap-3">
        {fields.map((width, index) => (
          <div key={index} className={width}>
            <div className={`${bar} mb-2 h-4 w-24`} />
            <div className={`${bar} h-[34px] w-full rounded-md`} />
          </div>
        ))}
        <div className="pt-6">
          <div className={`${bar} h-[34px] w-16 rounded-md`} />
        </div>
      </div>
    </div>
  );
}

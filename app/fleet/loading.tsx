// The fleet view's shape while its reads run: title, filters, summary and a few greyed rows.
import { SummarySkeleton } from "@/components/summary/summary-skeleton";
import { FilterHeaderSkeleton } from "@/components/ui/filter-header-skeleton";

const bar = "animate-pulse rounded bg-slate-200 dark:bg-slate-800";

export default function FleetLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the fleet" data-testid="fleet-loading">
      <FilterHeaderSkeleton title="Fleet" fields={["w-56", "w-64", "w-48", "w-64", "w-40"]} line="w-72" />
      <SummarySkeleton />
      <div className="panel">
        {Array.from({ length: 12 }, (_, row) => (
          <div key={row} className="flex h-11 items-center gap-4 border-b border-slate-100 px-4 dark:border-slate-800">
            <div className={`${bar} h-4 w-48`} />
            <div className={`${bar} h-4 w-24`} />
            <div className={`${bar} h-4 flex-1`} />
          </div>
        ))}
      </div>
    </div>
  );
}

// The page's layout, greyed, while the aggregates are read.
export default function InsightsLoading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading insights">
      <h1 className="text-xl font-semibold tracking-tight">Insights</h1>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 6 }, (_, n) => (
          <div key={n} className="panel h-16 animate-pulse" />
        ))}
      </div>
      <div className="panel h-48 animate-pulse" />
      <div className="panel h-40 animate-pulse" />
    </div>
  );
}

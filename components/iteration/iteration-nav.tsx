// Previous / next iteration links; at either end the button stays in place, disabled, so nothing shifts.
import Link from "next/link";

export function IterationNav({ goal, previous, next }: { goal: string; previous: number | null; next: number | null }) {
  const base = `/goals/${encodeURIComponent(goal)}/iterations`;
  return (
    <nav aria-label="Iterations" className="flex items-center gap-2">
      {previous !== null ? (
        <Link href={`${base}/${previous}`} className="btn btn-sm" data-testid="previous-iteration" rel="prev">
          ← Iteration {previous}
        </Link>
      ) : (
        <span className="btn btn-sm pointer-events-none opacity-40" aria-disabled="true">
          ← Previous
        </span>
      )}
      {next !== null ? (
        <Link href={`${base}/${next}`} className="btn btn-sm" data-testid="next-iteration" rel="next">
          Iteration {next} →
        </Link>
      ) : (
        <span className="btn btn-sm pointer-events-none opacity-40" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}

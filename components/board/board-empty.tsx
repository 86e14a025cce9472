// What the board says when there is nothing to show, and what to do about it.
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export function NoGoals() {
  return (
    <div data-testid="board-empty">
      <EmptyState title="No goals yet">
        <p>A goal tells Setpoint what to improve and how to measure it; runners then loop an agent until the targets hold.</p>
        <p className="mt-3">
          <Link href="/goals/new" className="btn btn-primary">
            New goal
          </Link>
        </p>
        <p className="mt-3">
          or apply a YAML file: <code className="code-inline">npx setpoint apply -f goal.yaml</code> (see{" "}
          <code className="code-inline">examples/calculator-goal.yaml</code>)
        </p>
      </EmptyState>
    </div>
  );
}

export function NoMatch() {
  return (
    <div data-testid="board-no-match">
      <EmptyState title="No goals match this filter">
        <p>Check the spelling, or widen the filter.</p>
        <p className="mt-3">
          <Link href="/" className="btn" scroll={false}>
            Clear the filter
          </Link>
        </p>
      </EmptyState>
    </div>
  );
}

// What to do when no runner is alive: queued goals wait until one starts.
import { EmptyState } from "@/components/ui/empty-state";

export function NoRunnerWarning({ hasRunners }: { hasRunners: boolean }) {
  const howTo = (
    <p>
      Start one with <code className="code-inline">npm run runner</code> (set <code className="code-inline">SETPOINT_RUNNERS</code> for its number of slots), or{" "}
      <code className="code-inline">npm start</code>, which starts the web server and a runner together.
    </p>
  );
  if (!hasRunners) {
    return (
      <div data-testid="runners-empty">
        <EmptyState title="No runner has started yet">
          {howTo}
          <p className="mt-1">Goals stay Queued until a runner claims them.</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div
      className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200"
      role="status"
      data-testid="runners-none-alive"
    >
      <p className="font-medium">No runner is alive: queued goals wait until one starts.</p>
      <div className="mt-1">{howTo}</div>
    </div>
  );
}

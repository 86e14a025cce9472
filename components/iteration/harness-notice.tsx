// What the honest-harness guards caught on an iteration: protected paths the agent changed (undone before
// the measurement; such an iteration is never accepted), and hidden checks that failed while the visible ones passed.
import type { LayerDetail, ProtectViolationView } from "@/server/iterations/read-iteration";

type Props = { violations: ProtectViolationView[]; layers: LayerDetail[] };

export function HarnessNotice({ violations, layers }: Props) {
  const hiddenFailed = layers.filter((layer) => layer.hiddenFailed).map((layer) => layer.name);
  if (violations.length === 0 && hiddenFailed.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="harness-notice"
      className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {violations.length > 0 && (
        <div data-testid="protect-violations">
          <p className="font-semibold">
            The agent changed {violations.length === 1 ? "a protected path" : `${violations.length} protected paths`}: undone before measuring, so this
            iteration is never accepted
          </p>
          <ul className="mt-1 space-y-0.5">
            {violations.map((violation) => (
              <li key={violation.path} className="flex gap-2">
                <span className="font-mono text-[13px] break-all">{violation.path}</span>
                <span className="muted">{violation.change}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {hiddenFailed.length > 0 && (
        <p data-testid="hidden-failed">
          <span className="font-semibold">Hidden checks failed while the visible ones passed</span> ({hiddenFailed.join(", ")}): the change may fit only the
          tests the agent could see.
        </p>
      )}
    </div>
  );
}

// The goal's intent under its title: short ones whole, long ones folded to their first lines with
// "show all", so a 100 KB prompt does not push the chart off the screen. No script: a <details>.
import { foldText, formatBytes } from "./fold-text";

export function GoalIntent({ intent }: { intent: string }) {
  const { preview, folded, lines, bytes } = foldText(intent);
  if (!folded)
    return (
      <p className="mt-1 max-w-3xl text-sm whitespace-pre-wrap break-words" data-testid="goal-intent" title="The goal's intent, as given to the agent">
        {intent}
      </p>
    );
  return (
    <details className="group mt-1 max-w-3xl text-sm" data-testid="goal-intent">
      <summary className="cursor-pointer list-none [&::-webkit-details-marker]:hidden" title="The goal's intent, as given to the agent">
        <span className="whitespace-pre-wrap break-words group-open:hidden">{preview}…</span>{" "}
        <span className="font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-400" data-testid="goal-intent-toggle">
          <span className="group-open:hidden">
            Show all ({lines.toLocaleString("en")} {lines === 1 ? "line" : "lines"}, {formatBytes(bytes)})
          </span>
          <span className="hidden group-open:inline">Show less</span>
        </span>
      </summary>
      <div className="mt-1 max-h-[60vh] overflow-auto rounded border border-slate-200 bg-slate-50 p-2 whitespace-pre-wrap break-words dark:border-slate-800 dark:bg-slate-900">
        {intent}
      </div>
    </details>
  );
}

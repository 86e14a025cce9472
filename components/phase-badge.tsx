// One colour per phase, goals' and iterations', used wherever a phase is shown.
const COLOURS: Record<string, string> = {
  Queued: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  Running: "bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100",
  AwaitingApproval: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  Paused: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  Converged: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  Stalled: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  Exhausted: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  Failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Cancelled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  // Accepted means "kept as the next iteration's base", not "targets met": green stays Converged's.
  Accepted: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  Evaluated: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  Reverted: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Rejected: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  PolicyFailed: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900 dark:text-fuchsia-100",
  AgentFailed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Interrupted: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
};

const MEANINGS: Record<string, string> = {
  Accepted: "Kept: the next iteration builds on this one (its targets may not all hold yet)",
  Evaluated: "Measured, and not kept as the base",
  Reverted: "A regression: the next iteration started from the best commit instead",
};

export function PhaseBadge({ phase }: { phase: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${COLOURS[phase] ?? COLOURS.Queued}`} data-phase={phase} title={MEANINGS[phase]}>{phase}</span>;
}

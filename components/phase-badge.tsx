// One colour per phase, goals' and iterations', used wherever a phase is shown. The three ways a goal
// stops short (Failed, Stalled, Exhausted) differ in colour and in a mark drawn before the word, so
// they tell apart at a glance, in grey print, and for colour-blind eyes; the word itself is the name.
const COLOURS: Record<string, string> = {
  Queued: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  Running: "bg-blue-100 text-blue-800 dark:bg-blue-900 dark:text-blue-100",
  AwaitingApproval: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  Paused: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  Converged: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  Stalled: "bg-orange-100 text-orange-900 dark:bg-orange-900 dark:text-orange-100",
  Exhausted: "bg-violet-100 text-violet-900 dark:bg-violet-900 dark:text-violet-100",
  Failed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Cancelled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  // Accepted means "kept as the next iteration's base", not "targets met": green stays Converged's.
  Accepted: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  Evaluated: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  Reverted: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Rejected: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  PolicyFailed: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900 dark:text-fuchsia-100",
  Tampered: "bg-fuchsia-100 text-fuchsia-800 dark:bg-fuchsia-900 dark:text-fuchsia-100", // changed protected paths (evaluation.protect)
  AgentFailed: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
  Interrupted: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
};

// A goal phase's solid colour, for dots, bars and card edges beside its badge.
export const PHASE_SWATCH: Record<string, string> = {
  Queued: "bg-slate-400 dark:bg-slate-500",
  Running: "bg-blue-500",
  AwaitingApproval: "bg-amber-500",
  Paused: "bg-slate-300 dark:bg-slate-600",
  Converged: "bg-emerald-500",
  Stalled: "bg-orange-500",
  Exhausted: "bg-violet-500",
  Failed: "bg-red-600",
  Cancelled: "bg-slate-200 dark:bg-slate-700",
};

// The same, as a left edge: a stopped card says which way it stopped before its badge is read.
export const PHASE_EDGE: Record<string, string> = {
  Stalled: "border-l-4 border-l-orange-500",
  Exhausted: "border-l-4 border-l-violet-500",
  Failed: "border-l-4 border-l-red-600",
};

const MEANINGS: Record<string, string> = {
  Accepted: "Kept: the next iteration builds on this one (its targets may not all hold yet)",
  Evaluated: "Measured, and not kept as the base",
  Reverted: "A regression: the next iteration started from the best commit instead",
  Failed: "Stopped by an error: the agent or a runner failed too often, or an approval timed out",
  Stalled: "Stopped: several iterations in a row improved no target",
  Exhausted: "Stopped: a budget of stop ran out (iterations, time or cost)",
};

// Words for people where a phase's name is run together.
export const PHASE_WORDS: Record<string, string> = { AwaitingApproval: "Awaiting approval" };

export function PhaseBadge({ phase }: { phase: string }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-2 py-0.5 text-xs font-medium ${COLOURS[phase] ?? COLOURS.Queued}`}
      data-phase={phase}
      title={MEANINGS[phase]}
    >
      <StopMark phase={phase} />
      {phase}
    </span>
  );
}

// ✕ failed, ═ stalled (flat: nothing improved), ◔ exhausted (a budget used up).
function StopMark({ phase }: { phase: string }) {
  const common = {
    viewBox: "0 0 12 12",
    className: "h-3 w-3 shrink-0",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.8,
    strokeLinecap: "round" as const,
  };
  if (phase === "Failed")
    return (
      <svg aria-hidden="true" {...common} data-mark="failed">
        <path d="M3 3l6 6M9 3l-6 6" />
      </svg>
    );
  if (phase === "Stalled")
    return (
      <svg aria-hidden="true" {...common} data-mark="stalled">
        <path d="M2 4.5h8M2 7.5h8" />
      </svg>
    );
  if (phase === "Exhausted")
    return (
      <svg aria-hidden="true" {...common} data-mark="exhausted">
        <circle cx="6" cy="6" r="4.2" />
        <path d="M6 6V1.8A4.2 4.2 0 0 1 10.2 6z" fill="currentColor" stroke="none" />
      </svg>
    );
  return null;
}

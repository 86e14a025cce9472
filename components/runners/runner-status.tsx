// A runner's health as a dot and a word: alive, dead (no heartbeat for a lease), stopped (shut down cleanly).
import type { RunnerStatus } from "@/server/runners/list-runners";

const LOOK: Record<RunnerStatus, { dot: string; text: string; label: string }> = {
  alive: { dot: "bg-emerald-500", text: "text-emerald-800 dark:text-emerald-300", label: "Alive" },
  dead: { dot: "bg-red-500", text: "text-red-800 dark:text-red-300", label: "Dead" },
  stopped: { dot: "bg-slate-400 dark:bg-slate-500", text: "text-slate-600 dark:text-slate-400", label: "Stopped" },
};

export function RunnerStatusBadge({ status }: { status: RunnerStatus }) {
  const look = LOOK[status];
  return (
    <span className={`inline-flex items-center gap-1.5 text-sm font-medium ${look.text}`} data-testid="runner-status">
      <span aria-hidden className={`h-2 w-2 rounded-full ${look.dot} ${status === "alive" ? "ring-2 ring-emerald-500/25" : ""}`} />
      {look.label}
    </span>
  );
}

// A group's header in the fleet table: its value, how many goals it holds and in which phases; a button
// folds it away or opens it again.
import { memo } from "react";
import { PHASE_SWATCH, PHASE_WORDS } from "@/components/phase-badge";
import { ATTENTION_ORDER, type GroupHeader } from "@/server/fleet/arrange-fleet";

export const FleetGroupRow = memo(function FleetGroupRow({
  group,
  collapsed,
  onToggle,
  index,
}: {
  group: GroupHeader;
  collapsed: boolean;
  onToggle: (key: string) => void;
  index: number;
}) {
  const phases = ATTENTION_ORDER.filter((phase) => group.phases[phase]);
  const counts = phases.map((phase) => `${group.phases[phase]} ${PHASE_WORDS[phase] ?? phase}`).join(", ");
  return (
    <div
      role="row"
      aria-rowindex={index}
      data-testid="fleet-group"
      data-group={group.key}
      className="flex h-11 items-center border-b border-slate-200 bg-slate-100 px-3 dark:border-slate-800 dark:bg-slate-800/80"
    >
      <div role="cell" className="flex min-w-0 flex-1 items-center gap-3">
        <button
          type="button"
          onClick={() => onToggle(group.key)}
          aria-expanded={!collapsed}
          data-testid="fleet-group-toggle"
          className="flex min-w-0 items-center gap-2 rounded text-left text-sm font-semibold text-slate-800 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-100"
        >
          <svg aria-hidden viewBox="0 0 12 12" className={`h-3 w-3 shrink-0 transition-transform ${collapsed ? "" : "rotate-90"}`}>
            <path d="M4 2l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.8" />
          </svg>
          <span className="truncate">{group.label}</span>
        </button>
        <span className="shrink-0 text-xs text-slate-600 tabular-nums dark:text-slate-300" data-testid="fleet-group-count">
          {group.count.toLocaleString("en")} {group.count === 1 ? "goal" : "goals"}
        </span>
        <span className="flex min-w-0 items-center gap-2 overflow-hidden text-xs text-slate-500 dark:text-slate-400" title={counts} aria-label={counts}>
          {phases.map((phase) => (
            <span key={phase} className="inline-flex shrink-0 items-center gap-1" aria-hidden>
              <span className={`h-2 w-2 rounded-full ${PHASE_SWATCH[phase]}`} />
              <span className="tabular-nums">{group.phases[phase]}</span>
            </span>
          ))}
        </span>
      </div>
    </div>
  );
});

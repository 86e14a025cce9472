// The goals a runner holds a live lease on, each linking to its goal page.
import Link from "next/link";
import { PhaseBadge } from "@/components/phase-badge";
import type { HeldGoal } from "@/server/runners/list-runners";

export function HeldGoals({ goals }: { goals: HeldGoal[] }) {
  if (goals.length === 0) return <span className="text-sm text-slate-500 dark:text-slate-400">idle</span>;
  return (
    <ul className="space-y-1">
      {goals.map((goal) => (
        <li key={goal.name} className="flex flex-wrap items-center gap-2" data-testid="runner-held-goal" data-goal={goal.name}>
          <Link
            href={`/goals/${encodeURIComponent(goal.name)}`}
            className="rounded font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
          >
            {goal.name}
          </Link>
          <PhaseBadge phase={goal.phase} />
          {goal.iteration !== null && <span className="text-xs tabular-nums text-slate-500 dark:text-slate-400">iteration {goal.iteration}</span>}
        </li>
      ))}
    </ul>
  );
}

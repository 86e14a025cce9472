// The goal page's title: name, phase and why, the agent and labels, and the actions.
import Link from "next/link";
import { PhaseBadge } from "@/components/phase-badge";
import type { GoalObject } from "@/server/goals/goal-object";
import { GoalActions } from "./goal-actions";
import { GoalIntent } from "./goal-intent";

export function GoalHeader({ goal, desired, canOperate }: { goal: GoalObject; desired: string; canOperate: boolean }) {
  const { metadata, spec, status } = goal;
  return (
    <header className="mb-5 flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <nav aria-label="Breadcrumb" className="mb-1 text-sm">
          <Link href="/" className="text-slate-500 underline-offset-2 hover:underline dark:text-slate-400">
            Board
          </Link>
          <span className="muted" aria-hidden>
            {" "}
            /{" "}
          </span>
          <span aria-current="page" className="text-slate-700 dark:text-slate-300">
            {metadata.name}
          </span>
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="truncate text-2xl font-semibold tracking-tight" data-testid="goal-name">
            {metadata.name}
          </h1>
          <span data-testid="goal-phase" data-phase={status.phase}>
            <PhaseBadge phase={status.phase} />
          </span>
          {spec.agent.executor === "demo" && (
            <span
              className="rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800 dark:bg-violet-900 dark:text-violet-100"
              title="A scripted demo agent, no LLM: it fixes the sample repository one bug per iteration"
            >
              demo agent (scripted, no LLM)
            </span>
          )}
        </div>
        <p className="mt-1.5 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{status.reason}</span>
          {status.message && <> · {status.message}</>}
        </p>
        <GoalIntent intent={spec.intent} />
      </div>
      <div className="flex flex-col items-end gap-2">
        {canOperate && <GoalActions name={metadata.name} phase={status.phase} desired={desired} />}
        <Link
          href={`/goals/${encodeURIComponent(metadata.name)}/settings`}
          className="text-sm text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
          data-testid="goal-settings-link"
        >
          Secrets and webhook
        </Link>
      </div>
    </header>
  );
}

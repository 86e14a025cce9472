// The goal's status, read like `kubectl describe`: phase and why, conditions, generations, the run's
// budgets, who holds it, where its work is, and what it was asked to do.
import Link from "next/link";
import { PhaseBadge } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { GoalPage } from "@/server/goals/read-goal-page";
import { BudgetBar } from "./budget-bar";
import { Row } from "./describe-row";
import { ForecastPanel } from "./forecast-panel";
import { formatCost, formatMinutes, shortSha } from "./format";

export function StatusPanel({ page }: { page: GoalPage }) {
  const { goal, run, budgets } = page;
  const { metadata, spec, status } = goal;
  const name = metadata.name;
  const stale = status.observedGeneration < metadata.generation;
  return (
    <section className="panel p-4" data-testid="status-panel" aria-labelledby="status-heading">
      <h2 id="status-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Status
      </h2>
      <dl className="grid grid-cols-[8.5rem_1fr] gap-x-3 gap-y-2 text-sm">
        <Row label="Phase">
          <span className="flex flex-wrap items-center gap-2">
            <PhaseBadge phase={status.phase} />
            <span className="font-mono text-xs">{status.reason}</span>
          </span>
          {status.message && <p className="mt-1 text-slate-600 dark:text-slate-400">{status.message}</p>}
        </Row>
        <Row label="Conditions">
          <ul className="space-y-1.5" data-testid="goal-conditions">
            {status.conditions.length === 0 && <li className="muted">none yet</li>}
            {status.conditions.map((condition) => (
              <li key={condition.type} data-condition={condition.type} data-status={condition.status}>
                <span className="flex items-baseline gap-x-2">
                  <span className="font-medium">{condition.type}</span>
                  <span
                    className={
                      condition.status === "True"
                        ? "font-mono text-xs font-semibold text-emerald-700 dark:text-emerald-400"
                        : "font-mono text-xs text-slate-500 dark:text-slate-400"
                    }
                  >
                    {condition.status}
                  </span>
                  <span className="muted ml-auto shrink-0 text-xs" title="last transition">
                    <TimeAgo at={condition.lastTransitionTime} now={page.readAt} />
                  </span>
                </span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  <span className="font-mono">{condition.reason}</span>
                  {condition.message && <> · {condition.message}</>}
                </span>
              </li>
            ))}
          </ul>
        </Row>
        <Row label="Generation">
          <span className="font-mono tabular-nums">{metadata.generation}</span>
          <span className="muted"> · observed </span>
          <span className="font-mono tabular-nums">{status.observedGeneration}</span>
          {stale && <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">the runner has not picked up the latest spec yet</span>}
        </Row>
        <Row label="This run">
          <div className="space-y-2.5" data-testid="goal-budgets">
            <BudgetBar testId="budget-iterations" label="Iterations" used={budgets.iterations.used} limit={budgets.iterations.limit} format={String} />
            <BudgetBar testId="budget-time" label="Time" used={budgets.minutes.used} limit={budgets.minutes.limit} format={formatMinutes} />
            <BudgetBar testId="budget-cost" label="Cost" used={budgets.costUsd.used} limit={budgets.costUsd.limit} format={formatCost} />
            <p className="text-xs text-slate-600 dark:text-slate-400">
              {run.fromIteration > 0 ? <>began at iteration {run.fromIteration}</> : <>the first run</>}
              {budgets.startedAt ? (
                <>
                  , started <TimeAgo at={budgets.startedAt} now={page.readAt} />
                </>
              ) : (
                <>, not started yet</>
              )}
            </p>
          </div>
        </Row>
        {page.forecast && (
          <Row label="Forecast">
            <ForecastPanel forecast={page.forecast} />
          </Row>
        )}
        <Row label="Held by">
          {status.runner ? <span className="font-mono text-xs">{status.runner}</span> : <span className="muted">no runner</span>}
          {run.desired !== "Run" && status.runner && (
            <span className="ml-2 text-xs text-amber-700 dark:text-amber-400">{run.desired.toLowerCase()} requested</span>
          )}
        </Row>
        <Row label="Best iteration">
          {status.bestIteration === null ? (
            <span className="muted">none yet</span>
          ) : (
            <Link
              className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
              href={`/goals/${encodeURIComponent(name)}/iterations/${status.bestIteration}`}
            >
              #{status.bestIteration}
            </Link>
          )}
        </Row>
        <Row label="Accepted commit">
          {status.acceptedCommit ? (
            <code className="code-inline" title={status.acceptedCommit}>
              {shortSha(status.acceptedCommit)}
            </code>
          ) : (
            <span className="muted">none yet</span>
          )}
          <span className="muted"> on </span>
          <code className="code-inline">setpoint/{name}</code>
        </Row>
        <Row label="Repository">
          <code className="code-inline break-all">{spec.workspace.repo}</code>
          <span className="muted"> at </span>
          <code className="code-inline">{spec.workspace.ref}</code>
        </Row>
        <Row label="Executor">
          <span className="font-mono text-xs">
            {spec.agent.executor}
            {spec.agent.model ? ` · ${spec.agent.model}` : ""}
          </span>
          {spec.agent.executor === "demo" && (
            <span
              className="ml-2 rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800 dark:bg-violet-900 dark:text-violet-100"
              data-testid="demo-agent-tag"
            >
              demo agent (scripted, no LLM)
            </span>
          )}
        </Row>
        <Row label="Approval">
          <span className="font-mono text-xs">{spec.approval.policy}</span>
        </Row>
        {spec.triggers?.schedule && (
          <Row label="Resync">
            <code className="code-inline">{spec.triggers.schedule}</code>
            <span className="muted">
              {" "}
              UTC{status.nextResyncAt ? `, next ${status.nextResyncAt.slice(0, 16).replace("T", " ")}` : ""}
              {status.lastResyncAt && (
                <>
                  , last <TimeAgo at={status.lastResyncAt} now={page.readAt} />
                </>
              )}
            </span>
          </Row>
        )}
        <Row label="Labels">
          {Object.keys(metadata.labels).length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <span className="flex flex-wrap gap-1">
              {Object.entries(metadata.labels).map(([key, value]) => (
                <span key={key} className="rounded bg-slate-100 px-1.5 font-mono text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                  {key}={value}
                </span>
              ))}
            </span>
          )}
        </Row>
        <Row label="Created">
          {run.createdBy ?? "unknown"}{" "}
          <span className="muted">
            · <TimeAgo at={run.createdAt} now={page.readAt} />
          </span>
        </Row>
        <Row label="Last applied by">{run.updatedBy ?? "unknown"}</Row>
      </dl>
    </section>
  );
}

// The goal list: a minimal board until the dashboard lands (issue 3). Refreshes itself every 2 s.
import { PhaseBadge } from "@/components/phase-badge";
import { db } from "@/server/db/client";
import { listGoals } from "@/server/goals/read-goals";

export const dynamic = "force-dynamic";

export default async function GoalsPage() {
  const goals = await listGoals(db());
  return (
    <>
      <meta httpEquiv="refresh" content="2" />
      <h1 className="mb-4 text-xl font-semibold">Goals</h1>
      {goals.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">
          No goals yet. Apply one with <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">npx setpoint apply -f goal.yaml</code>.
        </p>
      ) : (
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left text-slate-500 dark:border-slate-700">
              <th className="py-2 pr-4">Name</th>
              <th className="py-2 pr-4">Phase</th>
              <th className="py-2 pr-4">Iteration</th>
              <th className="py-2 pr-4">Metrics</th>
              <th className="py-2">Reason</th>
            </tr>
          </thead>
          <tbody>
            {goals.map((goal) => (
              <tr key={goal.metadata.name} className="border-b border-slate-200 dark:border-slate-800" data-goal={goal.metadata.name}>
                <td className="py-2 pr-4">
                  <div className="font-medium">{goal.metadata.name}</div>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {goal.spec.agent.executor === "demo" && (
                      <span className="rounded bg-violet-100 px-1.5 text-xs text-violet-800 dark:bg-violet-900 dark:text-violet-100" title="A scripted demo agent, no LLM: it fixes the sample repository one bug per iteration">demo agent</span>
                    )}
                    {Object.entries(goal.metadata.labels).map(([key, value]) => (
                      <span key={key} className="rounded bg-slate-200 px-1.5 text-xs text-slate-700 dark:bg-slate-800 dark:text-slate-300">{key}={value}</span>
                    ))}
                  </div>
                </td>
                <td className="py-2 pr-4"><PhaseBadge phase={goal.status.phase} /></td>
                <td className="py-2 pr-4 tabular-nums">{goal.status.iteration ?? "–"} / {goal.spec.stop.maxIterations}</td>
                <td className="py-2 pr-4 font-mono text-xs">
                  {goal.spec.metrics.map((target) => (
                    <div key={target.metric}>{target.metric} = {goal.status.metrics[target.metric] ?? "–"} (target {target.target})</div>
                  ))}
                </td>
                <td className="py-2 text-slate-600 dark:text-slate-400">{goal.status.reason}: {goal.status.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

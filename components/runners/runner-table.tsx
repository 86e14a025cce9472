// Every runner, alive ones first; dead and stopped ones greyed and labelled.
import { TimeAgo } from "@/components/ui/time-ago";
import type { RunnerView } from "@/server/runners/list-runners";
import { HeldGoals } from "./held-goals";
import { RunnerStatusBadge } from "./runner-status";

export function RunnerTable({ runners, now }: { runners: RunnerView[]; now: number }) {
  return (
    <div className="panel overflow-x-auto">
      <table className="w-full text-sm" data-testid="runner-table">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
            <th scope="col" className="px-4 py-2.5">
              Status
            </th>
            <th scope="col" className="px-4 py-2.5">
              Runner
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              Slots
            </th>
            <th scope="col" className="px-4 py-2.5">
              Heartbeat
            </th>
            <th scope="col" className="px-4 py-2.5">
              Holds
            </th>
            <th scope="col" className="px-4 py-2.5 text-right">
              Iterations done
            </th>
            <th scope="col" className="px-4 py-2.5">
              Started
            </th>
          </tr>
        </thead>
        <tbody>
          {runners.map((runner) => (
            <RunnerRow key={runner.id} runner={runner} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunnerRow({ runner, now }: { runner: RunnerView; now: number }) {
  const alive = runner.status === "alive";
  return (
    <tr
      className={`border-b border-slate-100 align-top last:border-b-0 dark:border-slate-800 ${alive ? "" : "bg-slate-50/70 text-slate-500 dark:bg-slate-900/40 dark:text-slate-400"}`}
      data-testid="runner-row"
      data-runner={runner.id}
      data-status={runner.status}
    >
      <td className="px-4 py-3">
        <RunnerStatusBadge status={runner.status} />
      </td>
      <td className="px-4 py-3">
        <div className={`font-mono text-xs ${alive ? "text-slate-900 dark:text-slate-100" : ""}`}>{runner.id}</div>
        <div className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {runner.host} · pid {runner.pid}
        </div>
      </td>
      <td className="px-4 py-3 text-right tabular-nums" title={`${runner.held.length} of ${runner.slots} slots hold a goal`}>
        {alive ? (
          <>
            <span className="font-medium">{runner.held.length}</span>
            <span className="text-slate-500 dark:text-slate-400"> / {runner.slots}</span>
          </>
        ) : (
          runner.slots
        )}
      </td>
      <td className="px-4 py-3 whitespace-nowrap tabular-nums" data-testid="runner-heartbeat">
        <TimeAgo at={runner.heartbeatAt.toISOString()} now={now} />
        {runner.status === "stopped" && runner.stoppedAt && (
          <div className="text-xs">
            stopped <TimeAgo at={runner.stoppedAt.toISOString()} now={now} />
          </div>
        )}
        {runner.status === "dead" && <div className="text-xs">no heartbeat for longer than a lease</div>}
      </td>
      <td className="px-4 py-3">{alive || runner.held.length > 0 ? <HeldGoals goals={runner.held} /> : <span className="text-sm">—</span>}</td>
      <td className="px-4 py-3 text-right tabular-nums">{runner.iterationsDone}</td>
      <td className="px-4 py-3 whitespace-nowrap text-slate-500 dark:text-slate-400">
        <TimeAgo at={runner.startedAt.toISOString()} now={now} />
      </td>
    </tr>
  );
}

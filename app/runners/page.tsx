// The runner processes: which are alive, what each holds, how recently each was heard from.
import type { Metadata } from "next";
import { LiveRefresh } from "@/components/live-refresh";
import { NoRunnerWarning } from "@/components/runners/no-runner-warning";
import { RunnerTable } from "@/components/runners/runner-table";
import { leaseSeconds } from "@/server/config";
import { db } from "@/server/db/client";
import { listRunners } from "@/server/runners/list-runners";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runners" };

// Every restart leaves a stopped runner behind; the newest few are enough to see what happened.
const STOPPED_SHOWN = 10;

export default async function RunnersPage() {
  await requireCaller();
  const now = new Date(); // one clock for the statuses and the first paint of every age
  const runners = await listRunners(db(), now);
  const alive = runners.filter((runner) => runner.status === "alive");
  const stopped = runners.filter((runner) => runner.status === "stopped");
  const shown = runners.filter((runner) => runner.status !== "stopped").concat(stopped.slice(0, STOPPED_SHOWN));
  const slots = alive.reduce((sum, runner) => sum + runner.slots, 0);
  const busy = alive.reduce((sum, runner) => sum + runner.held.length, 0);
  return (
    <div className="mx-auto max-w-6xl">
      {/* Heartbeats send no events: re-read every 5 s as well. */}
      <LiveRefresh everyMs={5000} />
      <div className="mb-5 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Runners</h1>
        {runners.length > 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="runners-summary">
            {alive.length} alive · {busy} of {slots} {slots === 1 ? "slot" : "slots"} busy
          </p>
        )}
      </div>
      {alive.length === 0 && <NoRunnerWarning hasRunners={runners.length > 0} />}
      {runners.length > 0 && (
        <>
          <RunnerTable runners={shown} now={now.getTime()} />
          <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
            A runner is dead when it has not sent a heartbeat for {leaseSeconds()} s (the lease); another runner takes its goals over.
            {stopped.length > STOPPED_SHOWN && ` ${stopped.length - STOPPED_SHOWN} older stopped runners are not shown.`}
          </p>
        </>
      )}
    </div>
  );
}

// What /api/metrics reports, read in two statements whatever the number of goals: one aggregate over
// goals, iterations and the outbox, and the runners' rows with the figures they write with their heartbeat.
import type { PrismaClient } from "../generated/prisma/client";
import { PHASES } from "../loop/types";
import { runnerStatus } from "../runners/list-runners";
import { addRunnerFigures, emptyRunnerFigures, readRunnerFigures, type RunnerFigures } from "./runner-figures";

export const ITERATION_OUTCOMES = ["accepted", "rejected", "agent_failed", "interrupted"] as const;

export type MetricsSnapshot = {
  goalsByPhase: Record<string, number>;
  iterationsByOutcome: Record<string, number>;
  iterationsRunning: number;
  notificationsPending: number;
  oldestPendingNotificationSeconds: number;
  runnersAlive: number;
  slots: number;
  slotsBusy: number;
  runners: RunnerFigures;
};

type Row = { kind: string; label: string; value: number };

export async function readMetrics(db: PrismaClient, now = new Date()): Promise<MetricsSnapshot> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT 'goals' AS kind, phase AS label, count(*)::float8 AS value FROM "Goal" GROUP BY phase
    UNION ALL
    SELECT 'iterations', CASE
        WHEN phase = 'Evaluated' AND accepted THEN 'accepted' WHEN phase = 'Evaluated' THEN 'rejected'
        WHEN phase = 'AgentFailed' THEN 'agent_failed' WHEN phase = 'Interrupted' THEN 'interrupted' ELSE 'running' END,
      count(*)::float8 FROM "Iteration" GROUP BY 2
    UNION ALL
    SELECT 'outbox', 'pending', count(*)::float8 FROM "Notification" WHERE "deliveredAt" IS NULL AND "failedAt" IS NULL
    UNION ALL
    SELECT 'outbox', 'oldest', coalesce(EXTRACT(EPOCH FROM (timezone('UTC', now()) - min("createdAt"))), 0)::float8
      FROM "Notification" WHERE "deliveredAt" IS NULL AND "failedAt" IS NULL`;
  // Every runner that ever ran: the stopped ones' figures count too, so the totals never go down.
  const runners = await db.runner.findMany({ select: { concurrency: true, heartbeatAt: true, stoppedAt: true, slotsBusy: true, figures: true } });

  const goalsByPhase: Record<string, number> = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
  const iterationsByOutcome: Record<string, number> = Object.fromEntries(ITERATION_OUTCOMES.map((outcome) => [outcome, 0]));
  let iterationsRunning = 0;
  let notificationsPending = 0;
  let oldestPendingNotificationSeconds = 0;
  for (const row of rows) {
    const value = Number(row.value);
    if (row.kind === "goals") goalsByPhase[row.label] = value;
    else if (row.kind === "iterations" && row.label === "running") iterationsRunning = value;
    else if (row.kind === "iterations") iterationsByOutcome[row.label] = value;
    else if (row.label === "pending") notificationsPending = value;
    else oldestPendingNotificationSeconds = value;
  }
  const alive = runners.filter((runner) => runnerStatus(runner, now) === "alive");
  return {
    goalsByPhase,
    iterationsByOutcome,
    iterationsRunning,
    notificationsPending,
    oldestPendingNotificationSeconds,
    runnersAlive: alive.length,
    slots: alive.reduce((sum, runner) => sum + runner.concurrency, 0),
    slotsBusy: alive.reduce((sum, runner) => sum + runner.slotsBusy, 0),
    runners: runners.reduce((total, runner) => addRunnerFigures(total, readRunnerFigures(runner.figures)), emptyRunnerFigures()),
  };
}

// Every runner process that ever registered, with its health and the goals it holds now: the Runners page.
import type { PrismaClient } from "../generated/prisma/client";
import { isHeld } from "../goals/lock-goal";
import { leaseMs } from "../queue/lease";

export type RunnerStatus = "alive" | "dead" | "stopped";

export type HeldGoal = { name: string; phase: string; iteration: number | null };

export type RunnerView = {
  id: string;
  host: string;
  pid: number;
  slots: number;
  startedAt: Date;
  heartbeatAt: Date;
  stoppedAt: Date | null;
  iterationsDone: number;
  status: RunnerStatus;
  held: HeldGoal[];
};

const STATUS_ORDER: Record<RunnerStatus, number> = { alive: 0, dead: 1, stopped: 2 };

export async function listRunners(db: PrismaClient, now = new Date()): Promise<RunnerView[]> {
  const runners = await db.runner.findMany();
  const goals = await db.goal.findMany({
    where: { leaseOwner: { in: runners.map((runner) => runner.id) }, leaseExpiresAt: { gt: now } },
    select: { name: true, phase: true, currentIteration: true, leaseOwner: true, leaseExpiresAt: true },
    orderBy: { name: "asc" },
  });
  return runners
    .map(
      (runner): RunnerView => ({
        id: runner.id,
        host: runner.host,
        pid: runner.pid,
        slots: runner.concurrency,
        startedAt: runner.startedAt,
        heartbeatAt: runner.heartbeatAt,
        stoppedAt: runner.stoppedAt,
        iterationsDone: runner.iterationsDone,
        status: runnerStatus(runner, now),
        held: goals
          .filter((goal) => goal.leaseOwner === runner.id && isHeld(goal, now))
          .map((goal) => ({ name: goal.name, phase: goal.phase, iteration: goal.currentIteration })),
      }),
    )
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || b.heartbeatAt.getTime() - a.heartbeatAt.getTime() || a.id.localeCompare(b.id));
}

// A runner that stopped said so; one whose heartbeat is older than a lease has lost every goal it held.
export function runnerStatus(runner: { stoppedAt: Date | null; heartbeatAt: Date }, now = new Date()): RunnerStatus {
  if (runner.stoppedAt) return "stopped";
  return now.getTime() - runner.heartbeatAt.getTime() > leaseMs() ? "dead" : "alive";
}

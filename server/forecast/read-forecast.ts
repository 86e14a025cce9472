// The forecast of a goal still going (queued, running, waiting, paused): its run's finished iterations and
// budgets, handed to the pure forecastRun. A goal whose run has ended has nothing left to forecast.
import type { Goal, Prisma } from "../generated/prisma/client";
import type { RunBudgets } from "../goals/read-goal-status";
import { recordColumns, toRecord, type RecordRow } from "../goals/iteration-record";
import { judgeHistory } from "../loop/judge-history";
import { TERMINAL_PHASES, type Phase } from "../loop/types";
import type { GoalSpec } from "../spec/goal-spec";
import { forecastRun, type Forecast } from "./forecast-run";

const READ = 200; // the newest iterations of the run: far more than the trend's window, enough for the best so far

export async function readForecast(db: Prisma.TransactionClient, goal: Goal, spec: GoalSpec, budgets: RunBudgets): Promise<Forecast | null> {
  if (TERMINAL_PHASES.includes(goal.phase as Phase)) return null;
  const rows = await db.iteration.findMany({
    where: { goalId: goal.id, number: { gte: goal.runFromIteration }, phase: { in: MEASURED } },
    orderBy: { number: "desc" },
    take: READ,
    select: { ...recordColumns, startedAt: true },
  });
  return forecastFrom(goal, spec, rows, budgets);
}

const MEASURED = ["Evaluated", "AgentFailed"];
export type ForecastRow = RecordRow & { startedAt: Date };

// The same from rows in hand, in any order (the runner has its goal's).
export function forecastFrom(goal: Goal, spec: GoalSpec, all: ForecastRow[], budgets: RunBudgets): Forecast | null {
  if (TERMINAL_PHASES.includes(goal.phase as Phase)) return null;
  const rows = all
    .filter((row) => row.number >= goal.runFromIteration && MEASURED.includes(row.phase))
    .sort((a, b) => a.number - b.number)
    .slice(-READ);
  return forecastRun({
    // As they stand now: a relative target resolved from the run's baseline and best, as the judge resolves it.
    targets: judgeHistory(spec, rows.map(toRecord)).targets,
    iterations: rows.map((row) => ({
      number: row.number,
      agent: row.fromIteration !== null,
      measured: row.phase === "Evaluated",
      metrics: (row.metrics ?? {}) as Record<string, number>,
      costUsd: row.costUsd,
      ms: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : 0,
    })),
    budgets: {
      iterations: budgets.iterations,
      costUsd: budgets.costUsd,
      minutes: { used: budgets.minutes.used, limit: budgets.minutes.limit },
    },
  });
}

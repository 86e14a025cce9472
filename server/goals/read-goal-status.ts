// What the goal page's status panel shows beyond the goal object: the budgets this run has used,
// counted the way decide() counts them (server/loop/decide.ts).
import type { Goal, PrismaClient } from "../generated/prisma/client";
import { TERMINAL_PHASES, type Phase } from "../loop/types";
import type { GoalSpec } from "../spec/goal-spec";
import type { Condition } from "./conditions";
import { findGoal } from "./read-goals";

export type Budget = { used: number; limit: number | null };
// startedAt: when the run's first iteration started (runStartedAt is moved on by time spent held,
// so that it can measure the duration budget, and is no start time to show).
export type RunBudgets = { iterations: Budget; minutes: Budget; costUsd: Budget; startedAt: string | null };

// The same budgets for a goal by name, for the API (the CLI's describe shows them as the dashboard does).
export async function readGoalBudgets(db: PrismaClient, name: string): Promise<RunBudgets> {
  const goal = await findGoal(db, name);
  return readRunBudgets(db, goal, goal.spec as GoalSpec);
}

export async function readRunBudgets(db: PrismaClient, goal: Goal, spec: GoalSpec, now = new Date()): Promise<RunBudgets> {
  const inRun = { goalId: goal.id, number: { gte: goal.runFromIteration } };
  const [iterations, totals] = await Promise.all([
    // The baseline is free; an interrupted or running iteration has not used one up yet.
    db.iteration.count({ where: { goalId: goal.id, number: { gte: Math.max(1, goal.runFromIteration) }, phase: { in: ["Evaluated", "AgentFailed"] } } }),
    db.iteration.aggregate({ where: inRun, _sum: { costUsd: true }, _max: { finishedAt: true }, _min: { startedAt: true } }),
  ]);
  return {
    iterations: { used: iterations, limit: spec.stop.maxIterations },
    minutes: { used: runMinutes(goal, totals._max.finishedAt, now), limit: spec.stop.maxDurationMinutes },
    costUsd: { used: totals._sum.costUsd ?? 0, limit: spec.stop.maxCostUsd ?? null },
    startedAt: totals._min.startedAt?.toISOString() ?? null,
  };
}

// The clock stops while the goal is held (paused, awaiting approval) and once the run has ended.
function runMinutes(goal: Goal, lastFinished: Date | null, now: Date): number {
  if (!goal.runStartedAt) return 0;
  const ended = TERMINAL_PHASES.includes(goal.phase as Phase);
  const until = goal.heldSince ?? (ended ? (lastFinished ?? stoppedProgressingAt(goal) ?? goal.runStartedAt) : now);
  return Math.max(0, until.getTime() - goal.runStartedAt.getTime()) / 60_000;
}

// A run that ended before finishing any iteration ended when its Progressing condition went False
// (updatedAt would not do: it moves with any later write to the row).
function stoppedProgressingAt(goal: Goal): Date | null {
  const conditions = Array.isArray(goal.conditions) ? (goal.conditions as Condition[]) : [];
  const progressing = conditions.find((condition) => condition.type === "Progressing" && condition.status === "False");
  return progressing ? new Date(progressing.lastTransitionTime) : null;
}

// What the goal page's status panel shows beyond the goal object: the budgets this run has used,
// counted by the function decide() counts them with (server/loop/budgets-used.ts).
import type { Forecast } from "../forecast/forecast-run";
import { readForecast } from "../forecast/read-forecast";
import type { Goal, Iteration, Prisma, PrismaClient } from "../generated/prisma/client";
import { budgetsUsed } from "../loop/budgets-used";
import { TERMINAL_PHASES, type IterationOutcome, type Phase } from "../loop/types";
import type { GoalSpec } from "../spec/goal-spec";
import { parsedSpec } from "./parsed-spec";
import type { Condition } from "./conditions";
import { findGoal } from "./read-goals";

export type Budget = { used: number; limit: number | null };
// startedAt: when the run's first iteration started (runStartedAt is moved on by time spent held,
// so that it can measure the duration budget, and is no start time to show).
export type RunBudgets = { iterations: Budget; minutes: Budget; costUsd: Budget; startedAt: string | null };

// The same budgets for a goal by name, with the run's forecast, for the API (the CLI's describe shows them as
// the dashboard does).
export async function readGoalBudgets(db: PrismaClient, name: string): Promise<RunBudgets & { forecast: Forecast | null }> {
  const goal = await findGoal(db, name);
  const spec = parsedSpec(goal);
  const budgets = await readRunBudgets(db, goal, spec);
  return { ...budgets, forecast: await readForecast(db, goal, spec, budgets) };
}

export async function readRunBudgets(db: Prisma.TransactionClient, goal: Goal, spec: GoalSpec, now = new Date()): Promise<RunBudgets> {
  const ended = TERMINAL_PHASES.includes(goal.phase as Phase);
  const [rows, ending] = await Promise.all([
    db.iteration.findMany({ where: { goalId: goal.id, number: { gte: goal.runFromIteration } }, select: budgetColumns }),
    // An ended run ended when the goal entered its phase: its newest event of that type (the phase change).
    ended ? db.event.findFirst({ where: { goalId: goal.id, type: goal.phase }, orderBy: { id: "desc" }, select: { createdAt: true } }) : null,
  ]);
  return runBudgetsFrom(goal, spec, rows, ending?.createdAt ?? null, now);
}

const budgetColumns = { number: true, phase: true, fromIteration: true, costUsd: true, startedAt: true, finishedAt: true } as const;
export type BudgetRow = Pick<Iteration, keyof typeof budgetColumns>;

// The same from rows in hand (the runner has its goal's): endedAt is when an ended run entered its phase.
export function runBudgetsFrom(goal: Goal, spec: GoalSpec, all: BudgetRow[], endedAt: Date | null, now = new Date()): RunBudgets {
  const rows = all.filter((row) => row.number >= goal.runFromIteration);
  // A running iteration is not history yet (decide does not see it either); its cost is still 0.
  const records = rows.filter((row) => row.phase !== "Running").map((row) => ({ ...row, outcome: row.phase as IterationOutcome }));
  const lastFinished = latest(rows.map((row) => row.finishedAt));
  const until = clockStoppedAt(goal, endedAt ?? lastFinished, now);
  const used = budgetsUsed(records, { windowStart: goal.runFromIteration, runStartedAt: goal.runStartedAt?.getTime() ?? until, now: until });
  const firstStarted = rows.reduce<Date | null>((first, row) => (first === null || row.startedAt < first ? row.startedAt : first), null);
  return {
    iterations: { used: used.iterations, limit: spec.stop.maxIterations },
    minutes: { used: Math.max(0, used.elapsedMs) / 60_000, limit: spec.stop.maxDurationMinutes },
    costUsd: { used: used.costUsd, limit: spec.stop.maxCostUsd ?? null },
    startedAt: firstStarted?.toISOString() ?? null,
  };
}

function latest(dates: (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((last, date) => (date !== null && (last === null || date > last) ? date : last), null);
}

// The clock stops while the goal is held (paused, awaiting approval) and once the run has ended. runStartedAt
// has been moved on by every hold that ended, so the clock must stop at a time on the same footing: when the
// goal was held, or when the run ended (its last iteration's finish will not do: a run that converged after an
// approval finished that iteration before the wait, and the clock went down by the wait: 4 s, then 0 s).
function clockStoppedAt(goal: Goal, endedAt: Date | null, now: Date): number {
  const ended = TERMINAL_PHASES.includes(goal.phase as Phase);
  const until = goal.heldSince ?? (ended ? (endedAt ?? stoppedProgressingAt(goal) ?? goal.runStartedAt) : now);
  return (until ?? now).getTime();
}

// A run that ended before finishing any iteration ended when its Progressing condition went False
// (updatedAt would not do: it moves with any later write to the row).
function stoppedProgressingAt(goal: Goal): Date | null {
  const conditions = Array.isArray(goal.conditions) ? (goal.conditions as Condition[]) : [];
  const progressing = conditions.find((condition) => condition.type === "Progressing" && condition.status === "False");
  return progressing ? new Date(progressing.lastTransitionTime) : null;
}

// Everything the goal page shows, in a few short queries; null for a goal that does not exist.
import { readGoalCertificates, type CertificateObject } from "../certificates/read-certificates";
import { readForecast } from "../forecast/read-forecast";
import type { Forecast } from "../forecast/forecast-run";
import type { PrismaClient } from "../generated/prisma/client";
import { listGoalNotifications, type NotificationRow } from "../notifications/list-notifications";
import { toGoalObject, type GoalObject } from "./goal-object";
import { parsedSpec } from "./parsed-spec";
import { readGoalChart, type ChartData } from "./read-goal-chart";
import { readGoalIterations, type IterationPage, type PageCursor } from "./read-goal-iterations";
import { readRunBudgets, type RunBudgets } from "./read-goal-status";
import { listEvents } from "./read-goals";
import { UserError } from "./user-error";

export type GoalEvent = Awaited<ReturnType<typeof listEvents>>[number];

export type GoalPage = {
  goal: GoalObject;
  readAt: number; // epoch ms of the read, so relative times render the same on the server and in the browser
  run: {
    fromIteration: number;
    startedAt: string | null;
    desired: string;
    createdBy: string | null;
    updatedBy: string | null;
    createdAt: string;
    updatedAt: string;
    baseCommit: string | null;
  };
  budgets: RunBudgets;
  forecast: Forecast | null; // null once the run has ended
  chart: ChartData;
  iterations: IterationPage;
  events: GoalEvent[];
  notifications: NotificationRow[];
  certificates: CertificateObject[]; // newest first
};

export const RECENT_EVENTS = 30;
const RECENT_NOTIFICATIONS = 10;
const RECENT_CERTIFICATES = 5;

export async function readGoalPage(db: PrismaClient, name: string, cursor: PageCursor = {}): Promise<GoalPage | null> {
  const goal = await db.goal.findUnique({ where: { name } });
  if (!goal) return null;
  const spec = parsedSpec(goal);
  const [{ budgets, forecast }, chart, iterations, events, notifications, certificates] = await Promise.all([
    readRunBudgets(db, goal, spec).then(async (budgets) => ({ budgets, forecast: await readForecast(db, goal, spec, budgets) })),
    readGoalChart(db, { id: goal.id, spec, bestIteration: goal.bestIteration }),
    readGoalIterations(db, goal.id, cursor),
    // Deleted between the two reads: nothing to show rather than an error.
    listEvents(db, name, RECENT_EVENTS).catch((error: unknown) => {
      if (error instanceof UserError) return [];
      throw error;
    }),
    listGoalNotifications(db, goal.id, RECENT_NOTIFICATIONS),
    readGoalCertificates(db, goal.id, RECENT_CERTIFICATES),
  ]);
  return {
    goal: toGoalObject(goal),
    readAt: Date.now(),
    run: {
      fromIteration: goal.runFromIteration,
      startedAt: goal.runStartedAt?.toISOString() ?? null,
      desired: goal.desired,
      createdBy: goal.createdBy,
      updatedBy: goal.updatedBy,
      createdAt: goal.createdAt.toISOString(),
      updatedAt: goal.updatedAt.toISOString(),
      baseCommit: goal.baseCommit,
    },
    budgets,
    forecast,
    chart,
    iterations,
    events: events.reverse(), // newest first
    notifications,
    certificates,
  };
}

// Reads for the API and CLI; short queries only (a long read holds back vacuum for the queue).
import type { PrismaClient } from "../generated/prisma/client";
import { listGoalNotifications, RECENT_NOTIFICATIONS } from "../notifications/list-notifications";
import { toGoalObject, toIterationObject, type GoalObject, type IterationObject } from "./goal-object";
import { goalNotFound, UserError } from "./user-error";

export async function listGoals(db: PrismaClient, filter: { label?: string; phase?: string } = {}): Promise<GoalObject[]> {
  const where: Record<string, unknown> = {};
  if (filter.phase) where.phase = filter.phase;
  if (filter.label) {
    const at = filter.label.indexOf("=");
    const key = at > 0 ? filter.label.slice(0, at) : "";
    const value = at > 0 ? filter.label.slice(at + 1) : undefined;
    if (!key || value === undefined) throw new UserError("BAD_REQUEST", `label filter must be key=value, found '${filter.label}'`);
    where.labels = { path: [key], equals: value };
  }
  const goals = await db.goal.findMany({ where, orderBy: { name: "asc" } });
  return goals.map(toGoalObject);
}

export async function findGoal(db: PrismaClient, name: string) {
  const goal = await db.goal.findUnique({ where: { name } });
  if (!goal) throw goalNotFound(name);
  return goal;
}

export async function getGoal(db: PrismaClient, name: string): Promise<GoalObject> {
  return toGoalObject(await findGoal(db, name));
}

export async function listIterations(db: PrismaClient, name: string): Promise<IterationObject[]> {
  const goal = await findGoal(db, name);
  const iterations = await db.iteration.findMany({ where: { goalId: goal.id }, orderBy: { number: "asc" } });
  return iterations.map(toIterationObject);
}

export async function listEvents(db: PrismaClient, name: string, limit = 50) {
  const goal = await findGoal(db, name);
  const events = await db.event.findMany({ where: { goalId: goal.id }, orderBy: { id: "desc" }, take: limit });
  return events.reverse().map((event) => ({
    type: event.type,
    reason: event.reason,
    message: event.message,
    actor: event.actor,
    createdAt: event.createdAt.toISOString(),
  }));
}

export async function listNotifications(db: PrismaClient, name: string, limit = RECENT_NOTIFICATIONS) {
  return listGoalNotifications(db, (await findGoal(db, name)).id, limit);
}

export async function getLogs(db: PrismaClient, name: string, number?: number) {
  const goal = await findGoal(db, name);
  const iteration = await db.iteration.findFirst({
    where: { goalId: goal.id, ...(number === undefined ? {} : { number }) },
    orderBy: { number: "desc" },
    include: { layers: { orderBy: { position: "asc" } } },
  });
  if (!iteration) {
    throw new UserError("NOT_FOUND", number === undefined ? `goal '${name}' has no iterations yet` : `goal '${name}' has no iteration ${number}`);
  }
  return {
    iteration: iteration.number,
    phase: toIterationObject(iteration).phase,
    prompt: iteration.prompt,
    agentOutput: iteration.agentOutput,
    diff: iteration.diff,
    layers: iteration.layers.map((layer) => ({
      name: layer.name, kind: layer.kind, ok: layer.ok, exitCode: layer.exitCode, durationMs: layer.durationMs, log: layer.log,
    })),
  };
}

// Reads for the API and CLI; short queries only (a long read holds back vacuum for the queue).
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { GOALS_PAGE } from "../api/request-limits";
import { listGoalNotifications, RECENT_NOTIFICATIONS } from "../notifications/list-notifications";
import { toGoalObject, toIterationObject, type GoalObject, type IterationObject } from "./goal-object";
import { goalNotFound, UserError } from "./user-error";
import { readTranscript } from "../executors/agent-transcript";

export type GoalFilter = { label?: string; phase?: string };
export type GoalPage = { goals: GoalObject[]; nextCursor: string | null };

// A page of goals by name after `cursor` (keyset: no offset to scan past). It holds at most `limit`
// goals and stops early once their specs and labels pass GOALS_PAGE.bytes, so a page stays a few MB
// however large the goals are; nextCursor is null on the last page.
export async function listGoals(db: PrismaClient, filter: GoalFilter = {}, page: { limit?: number; cursor?: string } = {}): Promise<GoalPage> {
  const limit = Math.min(page.limit ?? GOALS_PAGE.default, GOALS_PAGE.max);
  const conditions = [Prisma.sql`TRUE`];
  if (page.cursor !== undefined) conditions.push(Prisma.sql`name > ${page.cursor}`);
  if (filter.phase) conditions.push(Prisma.sql`phase = ${filter.phase}`);
  if (filter.label) {
    const { key, value } = parseLabelFilter(filter.label);
    conditions.push(Prisma.sql`labels @> jsonb_build_object(${key}::text, ${value}::text)`);
  }
  const sizes = await db.$queryRaw<{ name: string; bytes: number }[]>`
    SELECT name, (octet_length(spec::text) + octet_length(labels::text))::int AS bytes
    FROM "Goal" WHERE ${Prisma.join(conditions, " AND ")} ORDER BY name LIMIT ${limit + 1}`;
  const names: string[] = [];
  let bytes = 0;
  for (const row of sizes.slice(0, limit)) {
    if (names.length > 0 && bytes + row.bytes > GOALS_PAGE.bytes) break;
    names.push(row.name);
    bytes += row.bytes;
  }
  const goals = names.length ? await db.goal.findMany({ where: { name: { in: names } }, orderBy: { name: "asc" } }) : [];
  return { goals: goals.map(toGoalObject), nextCursor: sizes.length > names.length ? names.at(-1)! : null };
}

function parseLabelFilter(label: string): { key: string; value: string } {
  const at = label.indexOf("=");
  if (at <= 0) throw new UserError("BAD_REQUEST", `label filter must be key=value, found '${label}'`);
  return { key: label.slice(0, at), value: label.slice(at + 1) };
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
    agentError: iteration.agentError,
    transcript: readTranscript(iteration.transcript),
    agentOutput: iteration.agentOutput,
    diff: iteration.diff,
    layers: iteration.layers.map((layer) => ({
      name: layer.name,
      kind: layer.kind,
      ok: layer.ok,
      exitCode: layer.exitCode,
      durationMs: layer.durationMs,
      log: layer.log,
    })),
  };
}

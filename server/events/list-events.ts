// The audit: events across goals, or one goal's (by name, so a deleted goal's Deleted event is found),
// newest N within the filters, returned oldest first.
import type { Prisma, PrismaClient } from "../generated/prisma/client";

export type EventFilter = { goal?: string; actor?: string; type?: string; limit?: number; sinceSeconds?: number };

export type AuditEvent = { id: string; time: string; goal: string; type: string; reason: string; actor: string; message: string };

export const DEFAULT_EVENT_LIMIT = 100;

export async function listAuditEvents(db: PrismaClient, filter: EventFilter = {}, now = new Date()): Promise<AuditEvent[]> {
  const where: Prisma.EventWhereInput = {};
  if (filter.goal) where.goalName = filter.goal;
  if (filter.actor) where.actor = filter.actor;
  // A decision is recorded as the phase it leads to (Queued, reason Approved): a type matches either.
  if (filter.type) where.OR = [{ type: filter.type }, { reason: filter.type }];
  if (filter.sinceSeconds !== undefined) where.createdAt = { gte: new Date(now.getTime() - filter.sinceSeconds * 1000) };
  const rows = await db.event.findMany({ where, orderBy: { id: "desc" }, take: filter.limit ?? DEFAULT_EVENT_LIMIT });
  return rows.reverse().map((row) => ({
    id: row.id.toString(),
    time: row.createdAt.toISOString(),
    goal: row.goalName,
    type: row.type,
    reason: row.reason,
    actor: row.actor,
    message: row.message,
  }));
}

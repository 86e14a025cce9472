// The audit: events across goals, or one goal's (by name, so a deleted goal's Deleted event is found).
// listAuditEvents gives the newest N within the filters, oldest first (the CLI); pageAuditEvents walks
// them newest first a page at a time, keyed on the event id (the dashboard's audit log).
import type { Prisma, PrismaClient } from "../generated/prisma/client";

export type EventFilter = { goal?: string; actor?: string; type?: string; limit?: number; sinceSeconds?: number };
export type AuditPageFilter = { goal?: string; actor?: string; type?: string; from?: Date; to?: Date };
// A page starts after an id: older than `before`, or newer than `after` (the way back).
export type AuditCursor = { before?: bigint; after?: bigint };

// viaToken: the API token the actor acted through, when it was one.
export type AuditEvent = { id: string; time: string; goal: string; type: string; reason: string; actor: string; viaToken?: string; message: string };
export type AuditPage = { events: AuditEvent[]; older: string | null; newer: string | null };

export const DEFAULT_EVENT_LIMIT = 100;
export const AUDIT_PAGE_SIZE = 50;

export async function listAuditEvents(db: PrismaClient, filter: EventFilter = {}, now = new Date()): Promise<AuditEvent[]> {
  const from = filter.sinceSeconds === undefined ? undefined : new Date(now.getTime() - filter.sinceSeconds * 1000);
  const rows = await db.event.findMany({ where: auditWhere({ ...filter, from }), orderBy: { id: "desc" }, take: filter.limit ?? DEFAULT_EVENT_LIMIT });
  return rows.reverse().map(toAuditEvent);
}

export async function pageAuditEvents(db: PrismaClient, filter: AuditPageFilter, cursor: AuditCursor = {}, size = AUDIT_PAGE_SIZE): Promise<AuditPage> {
  const where = auditWhere(filter);
  const backwards = cursor.after !== undefined && cursor.before === undefined;
  if (cursor.before !== undefined) where.id = { lt: cursor.before };
  else if (backwards) where.id = { gt: cursor.after };
  // One more than a page says whether there is more beyond it.
  const rows = await db.event.findMany({ where, orderBy: { id: backwards ? "asc" : "desc" }, take: size + 1 });
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();
  const events = page.map(toAuditEvent);
  const first = events[0]?.id ?? null;
  const last = events.at(-1)?.id ?? null;
  return {
    events,
    older: backwards ? last : more ? last : null,
    // Coming from newer pages (or any cursor) there may be newer events; a first page has none.
    newer: backwards ? (more ? first : null) : cursor.before !== undefined ? first : null,
  };
}

function auditWhere(filter: AuditPageFilter): Prisma.EventWhereInput {
  const where: Prisma.EventWhereInput = {};
  if (filter.goal) where.goalName = filter.goal;
  if (filter.actor) where.actor = filter.actor;
  // A decision is recorded as the phase it leads to (Queued, reason Approved): a type matches either.
  if (filter.type) where.OR = [{ type: filter.type }, { reason: filter.type }];
  if (filter.from || filter.to) where.createdAt = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) };
  return where;
}

function toAuditEvent(row: {
  id: bigint;
  createdAt: Date;
  goalName: string;
  type: string;
  reason: string;
  actor: string;
  message: string;
  data: unknown;
}): AuditEvent {
  const viaToken = (row.data as { viaToken?: unknown } | null)?.viaToken;
  return {
    id: row.id.toString(),
    time: row.createdAt.toISOString(),
    goal: row.goalName,
    type: row.type,
    reason: row.reason,
    actor: row.actor,
    ...(typeof viaToken === "string" ? { viaToken } : {}),
    message: row.message,
  };
}

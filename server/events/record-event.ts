// Every state change is an event row (the goal's history) and one NOTIFY for live viewers.
// NOTIFY takes a global lock at commit, so it is sent per state change, never per log line.
import type { Prisma } from "../generated/prisma/client";

export const EVENTS_CHANNEL = "setpoint_events";
export const QUEUE_CHANNEL = "setpoint_queue";

type Tx = Prisma.TransactionClient;

export type EventInput = {
  goalId: string | null;
  goalName: string;
  type: string;
  reason?: string;
  message?: string;
  data?: Record<string, unknown>;
  actor?: string;
};

export async function recordEvent(tx: Tx, event: EventInput): Promise<void> {
  const row = await tx.event.create({
    data: {
      goalId: event.goalId,
      goalName: event.goalName,
      type: event.type,
      reason: event.reason ?? "",
      message: event.message ?? "",
      data: (event.data ?? {}) as Prisma.InputJsonValue,
      actor: event.actor ?? "system",
    },
    select: { id: true },
  });
  // The board shows and orders goals by their last change.
  if (event.goalId) await tx.goal.update({ where: { id: event.goalId }, data: { lastEventAt: new Date() }, select: { id: true } });
  const payload = JSON.stringify({ id: String(row.id), goal: event.goalName, type: event.type, reason: event.reason ?? "" });
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${payload})`;
}

// Wakes idle runners; a hint only: runners also poll, so a lost notification costs a second.
export async function notifyQueue(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, '')`;
}

// The outbox: one delivery per spec.notify entry that names the event, written in the transaction of the
// state change, so a notification goes out exactly when the change commits (and never for one rolled back).
import { Prisma } from "../generated/prisma/client";
import { publicUrl } from "../config";
import { NOTIFY_EVENTS, type GoalSpec } from "../spec/goal-spec";
import { notificationPayload } from "./notification-payload";
import { notifyEventFor } from "./notify-event";

type Tx = Prisma.TransactionClient;

export type NotifiableEvent = { goalId: string | null; type: string; reason?: string; message?: string; data?: Record<string, unknown> };

export async function enqueueNotifications(tx: Tx, event: NotifiableEvent): Promise<void> {
  const kind = notifyEventFor(event.type, event.reason ?? "");
  if (!kind || !event.goalId) return;
  const goal = await tx.goal.findUnique({ where: { id: event.goalId }, select: { name: true, spec: true, phase: true, currentIteration: true, bestIteration: true } });
  // Specs applied before notify existed have no such field.
  const entries = (goal?.spec as Partial<GoalSpec> | undefined)?.notify ?? [];
  // The same address listed twice gets the message once.
  const urls = [...new Set(entries.filter((entry) => (entry.events ?? NOTIFY_EVENTS).includes(kind)).map((entry) => entry.url))];
  if (!goal || urls.length === 0) return;
  const named = event.data?.iteration;
  const iteration = typeof named === "number" ? named : kind === "Converged" ? goal.bestIteration : goal.currentIteration;
  const payload = JSON.stringify(notificationPayload({ goal: goal.name, event: kind, phase: goal.phase, reason: event.reason ?? "", message: event.message ?? "", iteration }, publicUrl()));
  // Due times come from Postgres's clock, as the claim compares them with it.
  const rows = urls.map((url) => Prisma.sql`(gen_random_uuid(), ${event.goalId}::uuid, ${goal.name}, ${url}, ${kind}, ${payload}::jsonb, timezone('UTC', now()), timezone('UTC', now()))`);
  await tx.$executeRaw`
    INSERT INTO "Notification" ("id", "goalId", "goalName", "url", "event", "payload", "nextAttemptAt", "createdAt")
    VALUES ${Prisma.join(rows)}`;
}

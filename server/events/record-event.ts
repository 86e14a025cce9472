// Every state change is an event row (the goal's history) and one NOTIFY for live viewers.
// NOTIFY takes a global lock at commit, so it is sent per state change, never per log line.
import { Prisma } from "../generated/prisma/client";
import { ident, jsonParameter } from "../db/row-sql";
import { notifyEventFor } from "../notifications/notify-event";
import { tokenActingAs } from "../auth/acting-caller";
import { enqueueNotifications } from "../notifications/enqueue-notifications";

export const EVENTS_CHANNEL = "setpoint_events";
export const QUEUE_CHANNEL = "setpoint_queue";
// A held goal's `desired` changed (pause, cancel): its payload is the goal's id, so only the runner holding
// that goal renews that one lease at once to see it. The queue's channel wakes slots and renews nothing: with
// every runner renewing every lease it held at each queue NOTIFY, 500 goals queued cost 125,000 renewals.
export const GOAL_REQUEST_CHANNEL = "setpoint_goal_request";

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

// Every event passes here, so this is where spec.notify hears of them, in the same transaction.
// One statement, not three: the row, the goal's last-change time and the NOTIFY (its payload needs the
// row's id). Each iteration records a few events, and each round trip is time the loop waits.
// Answers the new row's id.
export async function recordEvent(tx: Tx, event: EventInput): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ id: bigint }[]>`
    WITH row AS (${insertEvent(event)}), touched AS (
      -- The board shows and orders goals by their last change.
      UPDATE "Goal" SET "lastEventAt" = timezone('UTC', clock_timestamp()) WHERE id = ${event.goalId}::uuid RETURNING id
    )
    SELECT row.id FROM row`;
  await enqueueNotifications(tx, event);
  return row.id;
}

// The row and its NOTIFY as one INSERT, for recordEvent and for a fenced statement's writes (`from`: its fence,
// which the insert then depends on). There the caller sets the goal's lastEventAt in its one write to the goal,
// and no event spec.notify may hear of passes unless the caller found that nobody hears of it (notifiesNobody):
// those go through recordEvent, which queues the notifications. unless: a condition under which the row is not
// written (an earlier event that says the same).
export type InsertFrom = { from: string; unless?: Prisma.Sql; notifiesNobody?: boolean };

export function insertEvent(event: EventInput, where?: InsertFrom): Prisma.Sql {
  if (where && !where.notifiesNobody && notifyEventFor(event.type, event.reason ?? ""))
    throw new Error(`${event.type} events may be notified: record them with recordEvent, not in a fenced statement`);
  // A person acting through a token: the actor is the person, the token is named beside it.
  const viaToken = tokenActingAs(event.actor ?? "system");
  const data = jsonParameter(viaToken ? { ...event.data, viaToken } : (event.data ?? {}));
  return Prisma.sql`
    INSERT INTO "Event" ("goalId", "goalName", "type", "reason", "message", "data", "actor", "createdAt")
    SELECT ${event.goalId}::uuid, ${event.goalName}, ${event.type}, ${event.reason ?? ""}, ${event.message ?? ""}, ${data}::jsonb, ${event.actor ?? "system"}, timezone('UTC', clock_timestamp())
    ${where ? Prisma.sql`FROM ${ident(where.from)}` : Prisma.empty}
    ${where?.unless ? Prisma.sql`WHERE NOT (${where.unless})` : Prisma.empty}
    RETURNING id, pg_notify(${EVENTS_CHANNEL}, json_build_object('id', id::text, 'goal', "goalName", 'type', "type", 'reason', "reason")::text)`;
}

// Wakes idle runners; a hint only: runners also poll slowly (server/runner/runner.ts), so a lost
// notification costs that poll, never the work.
export async function notifyQueue(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${QUEUE_CHANNEL}, '')`;
}

// Tells the runner holding the goal that a person asked it to pause or cancel; a hint too: the lease's
// periodic renewal reads the same request.
export async function notifyGoalRequest(tx: Tx, goalId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${GOAL_REQUEST_CHANNEL}, ${goalId})`;
}

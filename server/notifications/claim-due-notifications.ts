// Takes due deliveries for this sender. The claim counts the attempt and moves the row's due time past
// the send's timeout, so another runner skips it now (SKIP LOCKED) and after (not due); a sender that
// dies mid-send leaves it due again once that time passes.
import type { PrismaClient } from "../generated/prisma/client";
import type { NotificationPayload } from "./notification-payload";

export type ClaimedNotification = {
  id: string;
  goalId: string | null;
  goalName: string;
  url: string;
  event: string;
  payload: NotificationPayload;
  attempts: number;
};

export async function claimDueNotifications(db: PrismaClient, limit: number, holdMs: number): Promise<ClaimedNotification[]> {
  return db.$queryRaw<ClaimedNotification[]>`
    UPDATE "Notification" AS n
    SET "attempts" = n."attempts" + 1, "nextAttemptAt" = timezone('UTC', now()) + ${holdMs} * interval '1 millisecond'
    WHERE n.id IN (
      SELECT id FROM "Notification"
      WHERE "nextAttemptAt" <= timezone('UTC', now())
      ORDER BY "nextAttemptAt"
      FOR UPDATE SKIP LOCKED
      LIMIT ${limit}
    )
    RETURNING n.id::text AS id, n."goalId"::text AS "goalId", n."goalName", n.url, n.event, n.payload, n.attempts`;
}

// Takes due deliveries for this sender. The claim counts the attempt and moves the row's due time past
// the send's timeout, so another runner skips it now (SKIP LOCKED) and after (not due); a sender that
// dies mid-send leaves it due again once that time passes.
import type { PrismaClient } from "../generated/prisma/client";
export type ClaimedNotification = {
  id: string;
  goalId: string | null;
  goalName: string;
  kind: "webhook" | "pullRequest";
  url: string;
  event: string;
  payload: unknown; // a NotificationPayload (webhook) or a PullRequestJob
  secretName: string | null;
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
    RETURNING n.id::text AS id, n."goalId"::text AS "goalId", n."goalName", n.kind, n.url, n.event, n.payload, n."secretName", n.attempts`;
}

// How long until the earliest undelivered row is due (a retry's backoff), so an idle sender sleeps exactly that long.
export async function msUntilNextNotification(db: PrismaClient): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT EXTRACT(EPOCH FROM (MIN("nextAttemptAt") - timezone('UTC', now()))) * 1000 AS ms FROM "Notification" WHERE "nextAttemptAt" IS NOT NULL`;
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Math.max(0, Number(ms));
}

// What an attempt did, written back to the outbox row. Each write names the attempt it reports, so a
// sender that outlived its claim (and was overtaken by another) changes nothing.
import type { PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import type { ClaimedNotification } from "./claim-due-notifications";
import type { PostResult } from "./post-notification";
import { deliveryTarget } from "./webhook-origin";

export type RetryPolicy = { maxAttempts: number; backoffMs: number; maxBackoffMs: number };

export async function recordDelivered(db: PrismaClient, row: ClaimedNotification, result: PostResult): Promise<void> {
  await db.$executeRaw`
    UPDATE "Notification" SET "deliveredAt" = timezone('UTC', now()), "nextAttemptAt" = NULL, "lastStatus" = ${result.status}, "lastError" = NULL
    WHERE id = ${row.id}::uuid AND "attempts" = ${row.attempts} AND "deliveredAt" IS NULL AND "failedAt" IS NULL`;
}

// Retried with exponential backoff; after the last attempt (or at once, when retrying cannot help) the
// delivery fails, and the goal's history says so.
export async function recordFailedAttempt(db: PrismaClient, row: ClaimedNotification, result: PostResult, policy: RetryPolicy): Promise<void> {
  const error = result.error ?? "failed";
  if (row.attempts < policy.maxAttempts && !result.final) {
    const delayMs = Math.min(policy.backoffMs * 2 ** (row.attempts - 1), policy.maxBackoffMs);
    await db.$executeRaw`
      UPDATE "Notification" SET "nextAttemptAt" = timezone('UTC', now()) + ${delayMs} * interval '1 millisecond', "lastStatus" = ${result.status}, "lastError" = ${error}
      WHERE id = ${row.id}::uuid AND "attempts" = ${row.attempts} AND "deliveredAt" IS NULL AND "failedAt" IS NULL`;
    return;
  }
  await db.$transaction(async (tx) => {
    const changed = await tx.$executeRaw`
      UPDATE "Notification" SET "failedAt" = timezone('UTC', now()), "nextAttemptAt" = NULL, "lastStatus" = ${result.status}, "lastError" = ${error}
      WHERE id = ${row.id}::uuid AND "attempts" = ${row.attempts} AND "deliveredAt" IS NULL AND "failedAt" IS NULL`;
    if (changed === 0) return;
    const tries = result.final ? "(not retried)" : `after ${row.attempts} attempts`;
    const what =
      row.kind === "pullRequest"
        ? `the pull request update for ${row.event} (${deliveryTarget(row)}) failed ${tries}`
        : `the ${row.event} notification to ${deliveryTarget(row)} was not delivered ${tries}`;
    await recordEvent(tx, {
      goalId: row.goalId,
      goalName: row.goalName,
      type: row.kind === "pullRequest" ? "PullRequestFailed" : "NotificationFailed",
      reason: "DeliveryFailed",
      message: `${what}: ${error}`,
      data: { notification: row.id, event: row.event, status: result.status },
    });
  });
}

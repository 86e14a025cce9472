// A signed delivery, under the goal's row lock: a repeat of one that started a run starts nothing;
// at most `perMinute` deliveries a minute are acted on (counted in Postgres, so it holds across web
// processes); otherwise it re-runs the goal as the `rerun` control does.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { rerunGoal, rerunRefusal } from "../goals/control-goal";
import { lockGoal } from "../goals/lock-goal";
import { UserError } from "../goals/user-error";

type Tx = Prisma.TransactionClient;

export type DeliveryOutcome =
  | { kind: "started" }
  | { kind: "duplicate" }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "refused"; message: string }
  | { kind: "gone" };

// Deliveries are kept this long for de-duplication (GitHub redelivers by hand, days later at most).
const KEEP_DAYS = 30;

export async function acceptDelivery(db: PrismaClient, name: string, deliveryId: string, perMinute: number): Promise<DeliveryOutcome> {
  try {
    return await db.$transaction(async (tx) => {
      const goal = await lockGoal(tx, name);
      const seen = await tx.webhookDelivery.findUnique({ where: { goalId_deliveryId: { goalId: goal.id, deliveryId } }, select: { outcome: true } });
      // A delivery refused because the goal had not ended may be redelivered, and count then.
      if (seen?.outcome === "started") return { kind: "duplicate" };
      const window = await actedOnInLastMinute(tx, goal.id);
      // Not recorded, so a sender over the limit writes nothing; its redelivery is judged afresh.
      if (window.count >= perMinute) {
        return { kind: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil(window.secondsUntilOneLeaves)) };
      }
      const refusal = rerunRefusal(goal);
      if (refusal) {
        await recordDelivery(tx, goal.id, deliveryId, "refused");
        return { kind: "refused", message: `${refusal}; this delivery started nothing` };
      }
      await rerunGoal(tx, goal, {
        actor: `webhook (delivery ${deliveryId})`,
        reason: "Webhook",
        message: `re-run requested by webhook delivery ${deliveryId}`,
        event: { deliveryId },
      });
      await recordDelivery(tx, goal.id, deliveryId, "started");
      await tx.$executeRaw`DELETE FROM "WebhookDelivery" WHERE "goalId" = ${goal.id}::uuid AND "receivedAt" < timezone('UTC', now()) - ${KEEP_DAYS} * interval '1 day'`;
      return { kind: "started" };
    });
  } catch (error) {
    if (error instanceof UserError && error.code === "NOT_FOUND") return { kind: "gone" };
    // Two deliveries with one id at the same moment: the row lock orders them, so this is a last resort.
    if ((error as { code?: string }).code === "P2002") return { kind: "duplicate" };
    throw error;
  }
}

async function actedOnInLastMinute(tx: Tx, goalId: string): Promise<{ count: number; secondsUntilOneLeaves: number }> {
  const [row] = await tx.$queryRaw<{ count: number; wait: number | null }[]>`
    SELECT count(*)::int AS count,
           EXTRACT(EPOCH FROM (min("receivedAt") + interval '1 minute' - timezone('UTC', now())))::float8 AS wait
    FROM "WebhookDelivery"
    WHERE "goalId" = ${goalId}::uuid AND outcome IN ('started', 'refused') AND "receivedAt" > timezone('UTC', now()) - interval '1 minute'`;
  return { count: row?.count ?? 0, secondsUntilOneLeaves: row?.wait ?? 60 };
}

function recordDelivery(tx: Tx, goalId: string, deliveryId: string, outcome: "started" | "refused") {
  return tx.$executeRaw`
    INSERT INTO "WebhookDelivery" ("goalId", "deliveryId", "receivedAt", "outcome")
    VALUES (${goalId}::uuid, ${deliveryId}, timezone('UTC', now()), ${outcome})
    ON CONFLICT ("goalId", "deliveryId") DO UPDATE SET "receivedAt" = EXCLUDED."receivedAt", "outcome" = EXCLUDED."outcome"`;
}

// A goal's webhook secret: random, shown once when made, stored sealed (AES-256-GCM) on the goal.
// Not a GoalSecret: those are handed to the goal's agents as environment variables.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import { goalNotFound } from "../goals/user-error";
import { sealSecret } from "../secrets/secret-box";
import { webhookEnabled, webhookPath } from "./webhook-path";

export const RECENT_DELIVERIES = 20;

export async function rotateWebhookSecret(db: PrismaClient, name: string, actor: string) {
  const secret = crypto.randomBytes(32).toString("base64url");
  const goal = await db.$transaction(async (tx) => {
    const found = await tx.goal.findUnique({ where: { name }, select: { id: true, generation: true, spec: true, webhookSecret: true } });
    if (!found) throw goalNotFound(name);
    await tx.goal.update({ where: { id: found.id }, data: { webhookSecret: sealSecret(secret) } });
    // The secret itself is in no event and no log.
    const what = found.webhookSecret ? "rotated; the previous secret no longer verifies" : "set";
    await recordEvent(tx, {
      goalId: found.id,
      goalName: name,
      type: "WebhookSecretRotated",
      reason: "WebhookSecret",
      message: `webhook secret ${what} by ${actor}`,
      actor,
    });
    return found;
  });
  return { name, path: webhookPath(name), enabled: webhookEnabled(goal), secret };
}

// The webhook as an operator may see it: never the secret, only whether there is one.
export async function readWebhook(db: PrismaClient, name: string) {
  const goal = await db.goal.findUnique({ where: { name }, select: { id: true, generation: true, spec: true, webhookSecret: true } });
  if (!goal) throw goalNotFound(name);
  const deliveries = await db.webhookDelivery.findMany({
    where: { goalId: goal.id },
    orderBy: { receivedAt: "desc" },
    take: RECENT_DELIVERIES,
    select: { deliveryId: true, receivedAt: true, outcome: true },
  });
  return {
    name,
    path: webhookPath(name),
    enabled: webhookEnabled(goal),
    secretSet: goal.webhookSecret !== null,
    deliveries: deliveries.map((delivery) => ({ ...delivery, receivedAt: delivery.receivedAt.toISOString() })),
  };
}

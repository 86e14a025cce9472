// A spec.notify delivery: the payload as JSON, its id and event in headers, and, when the entry names a
// signing secret, Setpoint's timestamped signature (the one its webhook trigger checks), so a receiver
// can refuse forgeries and replays.
import type { PrismaClient } from "../generated/prisma/client";
import { openGoalSecret } from "../secrets/open-goal-secrets";
import { signTimestamped } from "../triggers/webhook-signature";
import type { ClaimedNotification } from "./claim-due-notifications";
import { postNotification, type PostResult } from "./post-notification";

export async function sendWebhook(db: PrismaClient, row: ClaimedNotification, timeoutMs: number): Promise<PostResult> {
  const body = JSON.stringify(row.payload);
  const headers: Record<string, string> = { "x-setpoint-delivery": row.id, "x-setpoint-event": row.event };
  if (row.secretName) {
    const secret = row.goalId ? await openGoalSecret(db, row.goalId, row.secretName) : null;
    if (secret === null && !row.goalId)
      return { ok: false, status: null, error: `the goal was deleted, and with it the signing secret ${row.secretName}`, final: true };
    if (secret === null)
      return {
        ok: false,
        status: null,
        error: `goal secret ${row.secretName} (notify's signingSecret) is not set: set it with npx setpoint secret set ${row.goalName} ${row.secretName}`,
      };
    // Signed as late as possible: the receiver measures the signature's age from here.
    headers["x-setpoint-signature"] = signTimestamped(secret, Buffer.from(body), row.id);
  }
  return postNotification(row.url, body, headers, timeoutMs);
}

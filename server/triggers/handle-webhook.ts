// POST /api/hooks/goals/NAME: a signed delivery starts a new run of the goal (spec.triggers.webhook).
// The one API door without a session or token: the signature over the raw body is the credential.
// Whatever a caller sends is answered with a 4xx; only a failure of Setpoint's own is a 500.
import type { PrismaClient } from "../generated/prisma/client";
import { openSecret } from "../secrets/secret-box";
import { dnsLabel } from "../spec/goal-spec";
import { acceptDelivery } from "./accept-delivery";
import { readLimitedBody } from "../web/read-limited-body";
import { SIGNATURE_HEADER, signatureProblem, TIMESTAMPED_SIGNATURE_HEADER } from "./webhook-signature";
import { webhookEnabled } from "./webhook-path";

export type WebhookLimits = { maxBodyBytes: number; deliveriesPerMinute: number };
export const WEBHOOK_LIMITS: WebhookLimits = { maxBodyBytes: 1024 * 1024, deliveriesPerMinute: 30 };

export const DELIVERY_HEADERS = ["x-github-delivery", "x-setpoint-delivery"] as const;
// Printable ASCII: it is shown in events and in the CLI's output.
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

// A missing goal and a goal without a webhook answer alike, so names cannot be probed.
const NO_WEBHOOK = { error: "no webhook here: no goal by this name has spec.triggers.webhook: true" };

export async function handleWebhook(db: PrismaClient, name: string, request: Request, limits: WebhookLimits = WEBHOOK_LIMITS): Promise<Response> {
  try {
    return await answer(db, name, request, limits);
  } catch (error) {
    console.error(`[webhook] delivery for ${JSON.stringify(name.slice(0, 100))} failed:`, error);
    return reply(500, { error: "internal error in Setpoint's server; its log has the details" });
  }
}

async function answer(db: PrismaClient, name: string, request: Request, limits: WebhookLimits): Promise<Response> {
  if (request.method !== "POST") return reply(405, { error: "a webhook delivery is a POST" }, { Allow: "POST" });
  const goal = dnsLabel.safeParse(name).success
    ? await db.goal.findUnique({ where: { name }, select: { id: true, generation: true, spec: true, webhookSecret: true } })
    : null;
  if (!goal || !webhookEnabled(goal)) return reply(404, NO_WEBHOOK);

  const tooLarge = () => reply(413, { error: `the body is larger than ${limits.maxBodyBytes} bytes` });
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limits.maxBodyBytes) return tooLarge();
  if (!goal.webhookSecret) return reply(409, { error: `goal '${name}' has no webhook secret yet: run npx setpoint webhook rotate ${name}` });

  const body = await readLimitedBody(request.body, limits.maxBodyBytes);
  if (body.kind === "too-large") return tooLarge();
  if (body.kind === "unreadable") return reply(400, { error: "the request body could not be read to its end" });

  // Read before the signature: Setpoint's timestamped signature covers it.
  const deliveryId =
    DELIVERY_HEADERS.map((header) => request.headers.get(header))
      .find((value) => value !== null)
      ?.trim() ?? "";
  const problem = signatureProblem(openSecret(goal.webhookSecret), body.bytes, {
    hub: request.headers.get(SIGNATURE_HEADER),
    timestamped: request.headers.get(TIMESTAMPED_SIGNATURE_HEADER),
    deliveryId,
  });
  if (problem) return reply(401, { error: problem });

  if (!DELIVERY_ID.test(deliveryId)) {
    return reply(400, {
      error: "send a delivery id (X-GitHub-Delivery or X-Setpoint-Delivery, 1 to 200 printable ASCII characters), so a repeated delivery starts nothing",
    });
  }

  const outcome = await acceptDelivery(db, name, deliveryId, limits.deliveriesPerMinute);
  switch (outcome.kind) {
    case "started":
      return reply(202, { started: true, goal: name, deliveryId });
    case "duplicate":
      return reply(200, { duplicate: true, goal: name, deliveryId });
    case "rate-limited":
      return reply(
        429,
        {
          error: `goal '${name}' took ${limits.deliveriesPerMinute} webhook deliveries in the last minute, its limit; try again in ${outcome.retryAfterSeconds}s`,
        },
        { "Retry-After": String(outcome.retryAfterSeconds) },
      );
    case "refused":
      return reply(409, { error: outcome.message });
    case "gone":
      return reply(404, NO_WEBHOOK);
  }
}

function reply(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

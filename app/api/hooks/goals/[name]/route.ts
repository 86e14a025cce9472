// A goal's webhook (spec.triggers.webhook): the logic is server/triggers/handle-webhook.ts.
import { db } from "@/server/db/client";
import { handleWebhook } from "@/server/triggers/handle-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ name: string }> }) {
  return handleWebhook(db(), (await context.params).name, request);
}

// A goal's webhook trigger: its address, whether a secret is set, recent deliveries; and a new secret,
// shown once.
import { readWebhook, rotateWebhookSecret } from "../../triggers/webhook-secret";
import { goalName as name } from "../inputs";
import { allowed, router } from "../trpc";

export const webhooksRouter = router({
  get: allowed("read")
    .input(name)
    .query(({ ctx, input }) => readWebhook(ctx.db, input.name)),
  rotateSecret: allowed("operate")
    .input(name)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, input.name, ctx.caller.name)),
});

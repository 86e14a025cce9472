// A goal's secrets: set and delete need `operate`; a list (`read`) gives names and who set them, never values.
import { deleteGoalSecret, listGoalSecrets, setGoalSecret } from "../../secrets/goal-secrets";
import { secretName, secretValue } from "../../secrets/secret-inputs";
import { goalName } from "../inputs";
import { allowed, router } from "../trpc";

export const secretsRouter = router({
  set: allowed("operate")
    .input(goalName.extend({ secret: secretName, value: secretValue }))
    .mutation(({ ctx, input }) => setGoalSecret(ctx.db, input.name, { name: input.secret, value: input.value }, ctx.caller.name)),
  list: allowed("read")
    .input(goalName)
    .query(({ ctx, input }) => listGoalSecrets(ctx.db, input.name)),
  delete: allowed("operate")
    .input(goalName.extend({ secret: secretName }))
    .mutation(({ ctx, input }) => deleteGoalSecret(ctx.db, input.name, { name: input.secret }, ctx.caller.name)),
});

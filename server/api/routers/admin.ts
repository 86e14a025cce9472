// People and tokens (admin only), and who the caller is (anyone signed in).
import { z } from "zod";
import { forgetFirstAdminPassword } from "../../auth/admin-token";
import { checkTokenName, createOwnedToken, listTokens, revokeTokens, type Caller } from "../../auth/api-tokens";
import { MAX_PASSWORD_LENGTH } from "../../auth/passwords";
import { roleSchema } from "../../auth/roles";
import { principalName } from "../../auth/user-name";
import { addUser, listUsers, removeUser, setUserPassword, setUserRole } from "../../auth/users";
import { dataDir } from "../../config";
import { UserError } from "../../goals/user-error";
import { allowed, router } from "../trpc";

const user = z.object({ name: principalName });
const password = z.string().max(MAX_PASSWORD_LENGTH).optional();
const DAY_MS = 86_400_000;

export const usersRouter = router({
  me: allowed("read").query(({ ctx }) => ctx.caller),
  list: allowed("admin").query(({ ctx }) => listUsers(ctx.db)),
  add: allowed("admin")
    .input(user.extend({ role: roleSchema, password }))
    .mutation(({ ctx, input }) => addUser(ctx.db, input, ctx.caller.name)),
  setRole: allowed("admin")
    .input(user.extend({ role: roleSchema }))
    .mutation(({ ctx, input }) => setUserRole(ctx.db, input.name, input.role, ctx.caller.name)),
  setPassword: allowed("admin")
    .input(user.extend({ password }))
    .mutation(async ({ ctx, input }) => {
      const result = await setUserPassword(ctx.db, input.name, input.password, ctx.caller.name);
      forgetFirstAdminPassword(dataDir(), input.name);
      return result;
    }),
  remove: allowed("admin")
    .input(user)
    .mutation(({ ctx, input }) => removeUser(ctx.db, input.name, ctx.caller.name)),
});

export const tokensRouter = router({
  list: allowed("admin").query(({ ctx }) => listTokens(ctx.db)),
  // Shown once: only its hash is kept. It belongs to, and acts as, the person who makes it.
  create: allowed("admin")
    .input(z.object({ name: principalName, role: roleSchema, expiresInDays: z.number().int().positive().max(3650).nullable().default(90) }))
    .mutation(async ({ ctx, input }) => {
      const owner = tokenOwner(ctx.caller);
      await checkTokenName(ctx.db, input.name);
      const expiresAt = input.expiresInDays === null ? undefined : new Date(Date.now() + input.expiresInDays * DAY_MS);
      const token = await createOwnedToken(ctx.db, { name: input.name, role: input.role, expiresAt, owner });
      return { name: input.name, role: input.role, owner: owner.name, expiresAt: expiresAt ?? null, token };
    }),
  revoke: allowed("admin")
    .input(z.object({ name: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => revokeTokens(ctx.db, input.name, ctx.caller.name)),
});

// A token made through a token that belongs to nobody would belong to nobody too, and act under a name
// of its own: a second identity for whoever holds the first.
function tokenOwner(caller: Caller): { id: string; name: string } {
  if (caller.userId) return { id: caller.userId, name: caller.name };
  throw new UserError(
    "FORBIDDEN",
    `a token belongs to the person who makes it, and the token '${caller.token ?? caller.name}' you are using belongs to nobody: sign in as a person (or use a token of yours) to make one`,
  );
}

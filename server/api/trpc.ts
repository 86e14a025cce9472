// tRPC setup: the caller comes from a bearer token; domain UserErrors become 4xx with their words.
import { initTRPC, TRPCError } from "@trpc/server";
import type { PrismaClient } from "../generated/prisma/client";
import { actAs } from "../auth/acting-caller";
import type { Caller } from "../auth/api-tokens";
import { resolveCaller } from "../auth/resolve-caller";
import { refusalMessage, roleAllows, type Permission } from "../auth/roles";
import { UserError } from "../goals/user-error";
import { findNul } from "./refuse-nul";

export type Context = { db: PrismaClient; caller: Caller | null };

// The CLI sends a bearer token; the dashboard's browser sends the same token in its session cookie.
export async function createContext(db: PrismaClient, authorization: string | null | undefined, cookie?: string | null): Promise<Context> {
  return { db, caller: await resolveCaller(db, authorization, cookie) };
}

// Each procedure names the permission it needs (server/auth/roles.ts); tests walk them all.
export type Meta = { permission: Permission };

export const INTERNAL_ERROR_MESSAGE = "internal error in Setpoint's server; its log has the details";

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    errorFormatter({ shape, error }) {
      // An unexpected failure is ours, not the caller's: its text (SQL, file paths) stays in the server's log.
      const message = error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : shape.message;
      return { ...shape, message, data: { ...shape.data, stack: undefined, issues: errorIssues(error.cause) } };
    },
  });

// The fields a refused input names: a domain UserError's, or the input schema's.
export function errorIssues(cause: unknown): { path: string; message: string }[] | undefined {
  return cause instanceof UserError ? cause.issues : zodIssues(cause);
}

function zodIssues(cause: unknown): { path: string; message: string }[] | undefined {
  const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  return issues?.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

// Domain errors are the caller's mistakes: pass their message and code through.
const mapUserErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof UserError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const at = findNul(await getRawInput().catch(() => undefined));
  if (at === null) return next();
  const problem = "text cannot contain the NUL character (\\u0000)";
  const cause = Object.assign(new Error(problem), { issues: [{ path: at.split("."), message: problem }] });
  throw new TRPCError({ code: "BAD_REQUEST", message: `${at}: ${problem}`, cause });
});

export const router = t.router;
// Who is asking comes first: an unauthenticated request learns nothing about its input.
const authedProcedure = t.procedure
  .use(mapUserErrors)
  .use(({ ctx, next }) => {
    if (!ctx.caller)
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: "sign in first: send an API token as 'Authorization: Bearer <token>' (the CLI reads SETPOINT_TOKEN), or sign in to the dashboard at /sign-in",
      });
    return next({ ctx: { ...ctx, caller: ctx.caller } });
  })
  .use(refuseNul);

// The door for every procedure: signed in, and a role that holds `permission`.
export function allowed(permission: Permission) {
  return authedProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!roleAllows(ctx.caller.role, permission)) throw new TRPCError({ code: "FORBIDDEN", message: refusalMessage(ctx.caller.role, permission) });
    return actAs(ctx.caller, () => next());
  });
}

// Pages read through the domain directly (server components); this is their door check.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Caller } from "../auth/api-tokens";
import { roleAllows, type Permission } from "../auth/roles";
import { SESSION_COOKIE } from "../auth/session-cookie";
import { verifySession } from "../auth/sessions";
import { db } from "../db/client";
import { safeReturnPath } from "./safe-return-path";

export async function currentCaller(): Promise<Caller | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? verifySession(db(), token) : null;
}

// Signed in with a role that holds `permission`; else sent to sign in (with a way back), or to the
// page that says what the role lacks.
export async function requireCaller(permission: Permission = "read"): Promise<Caller> {
  const caller = await currentCaller();
  const path = safeReturnPath((await headers()).get("x-setpoint-path"));
  if (!caller) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  if (!roleAllows(caller.role, permission)) redirect(`/forbidden?need=${permission}&from=${encodeURIComponent(path)}`);
  return caller;
}

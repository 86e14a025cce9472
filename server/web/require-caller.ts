// Pages read through the domain directly (server components); this is their door check.
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { verifyToken, type Caller } from "../auth/api-tokens";
import { SESSION_COOKIE } from "../auth/session-cookie";
import { db } from "../db/client";

export async function currentCaller(): Promise<Caller | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return token ? verifyToken(db(), token) : null;
}

// Signed in, or sent to the sign-in page with a way back here.
export async function requireCaller(): Promise<Caller> {
  const caller = await currentCaller();
  if (caller) return caller;
  const path = (await headers()).get("x-setpoint-path") ?? "/";
  redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}

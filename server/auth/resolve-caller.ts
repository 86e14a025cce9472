// Who is asking: a bearer API token (CLI, CI) or the dashboard's session cookie.
import type { PrismaClient } from "../generated/prisma/client";
import { verifyToken, type Caller } from "./api-tokens";
import { tokenFromCookieHeader } from "./session-cookie";
import { verifySession } from "./sessions";

export async function resolveCaller(db: PrismaClient, authorization: string | null | undefined, cookie: string | null | undefined): Promise<Caller | null> {
  const bearer = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (bearer) return verifyToken(db, bearer);
  const session = tokenFromCookieHeader(cookie);
  return session ? verifySession(db, session) : null;
}

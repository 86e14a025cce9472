// Dashboard sessions, stored in Postgres: the browser's cookie holds a random token, the table its
// SHA-256. Signing out deletes the row, so a copied cookie stops working at once.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { hashToken, type Caller } from "./api-tokens";
import { auditFailedSignIn } from "./failed-sign-in-audit";
import { decoyHash, verifyPassword } from "./passwords";
import { SESSION_DAYS } from "./session-cookie";
import type { Role } from "./roles";
import { noteFailedSignIn, noteSignedIn, signInBlocked } from "./sign-in-throttle";
import { recordAudit } from "./users";

export const SESSION_PREFIX = "sps_";
const TOUCH_AFTER_MS = 60_000;

export type SignIn = { token: string } | { refused: "invalid" | "throttled" };

// A wrong name and a wrong password look the same, and take as long. Both outcomes are audit events.
export async function signInWithPassword(db: PrismaClient, name: string, password: string): Promise<SignIn> {
  const key = name.slice(0, 64);
  if (signInBlocked(key)) return { refused: "throttled" };
  const user = name.length <= 64 && password.length <= 1024 ? await db.user.findUnique({ where: { name } }) : null;
  const matches = await verifyPassword(password.slice(0, 1024), user?.passwordHash ?? (await decoyHash()));
  if (!user || !matches || user.disabledAt) {
    noteFailedSignIn(key);
    await auditFailedSignIn(db, key);
    return { refused: "invalid" };
  }
  noteSignedIn(key);
  const token = SESSION_PREFIX + crypto.randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    await tx.session.create({ data: { tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) } });
    await recordAudit(tx, "SignedIn", `${user.name} signed in to the dashboard`, user.name, { user: user.name });
  });
  return { token };
}

export async function verifySession(db: PrismaClient, token: string): Promise<Caller | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return null;
  const session = await db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session || session.expiresAt < new Date() || session.user.disabledAt) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return { name: session.user.name, role: session.user.role as Role, via: "session", userId: session.user.id };
}

export async function endSession(db: PrismaClient, token: string): Promise<void> {
  if (token.startsWith(SESSION_PREFIX)) await db.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

// API tokens for the CLI and CI: random, shown once, stored as a SHA-256 hash (they carry 256 bits,
// so no slow hash is needed), with a role, an expiry and a revocation. A token belongs to the person
// who made it and acts as that person: events name the person (the token in their data), four-eyes
// compares people. A token with no owner (made by code, or before any user existed) acts as its name.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client";
import { UserError } from "../goals/user-error";
import type { Role } from "./roles";
import { recordAudit } from "./users";

// name: the person (or an ownerless token's name); token: the token they came through; userId: the person's row.
export type Caller = { name: string; role: Role; via: "session" | "token"; token?: string; userId?: string };
export type TokenView = {
  id: string;
  name: string;
  role: string;
  owner: string | null;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};
export type TokenOwner = { id: string; name: string };

const PREFIX = "spt_";
// Token use is an audit event, at most once an hour per token, so a busy CI job does not flood the log.
const AUDIT_USE_EVERY_MS = 3_600_000;
const TOUCH_AFTER_MS = 60_000;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

// A token nobody owns: it acts under its own name. For code that mints one directly (tests); people
// get theirs through createOwnedToken.
export async function createToken(db: PrismaClient, name: string, role: Role, expiresAt?: Date, createdBy?: string): Promise<string> {
  return issueToken(db, { name, role, expiresAt, createdBy, owner: null });
}

// The token belongs to, and acts as, `owner`, who is also who made it.
export async function createOwnedToken(db: PrismaClient, input: { name: string; role: Role; expiresAt?: Date; owner: TokenOwner }): Promise<string> {
  return issueToken(db, { ...input, createdBy: input.owner.name });
}

async function issueToken(
  db: PrismaClient,
  input: { name: string; role: Role; expiresAt?: Date; createdBy?: string; owner: TokenOwner | null },
): Promise<string> {
  const { name, role, expiresAt, createdBy, owner } = input;
  const token = PREFIX + crypto.randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    await tx.apiToken.create({ data: { name, role, tokenHash: hashToken(token), expiresAt, createdBy, ownerId: owner?.id } });
    const expiry = expiresAt ? `, expiring ${expiresAt.toISOString()}` : ", never expiring";
    if (createdBy)
      await recordAudit(tx, "TokenCreated", `token '${name}' created with role ${role}${expiry}${owner ? `; it acts as ${owner.name}` : ""}`, createdBy, {
        token: name,
        role,
        ...(owner ? { owner: owner.name } : {}),
      });
  });
  return token;
}

// A name is who the events say acted: one live token per name, and none named after a person, so that an
// actor and a revocation by name each mean one thing.
export async function checkTokenName(db: PrismaClient, name: string): Promise<void> {
  if (await db.user.findUnique({ where: { name }, select: { id: true } })) {
    throw new UserError(
      "CONFLICT",
      `'${name}' is a user's name: a token named so would act as that person (in events and four-eyes checks); pick another name`,
    );
  }
  const live = await db.apiToken.findFirst({
    where: { name, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { id: true },
  });
  if (live) throw new UserError("CONFLICT", `a live token named '${name}' exists; revoke it first (token revoke ${name}) or pick another name`);
}

export async function verifyToken(db: PrismaClient, token: string): Promise<Caller | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { owner: { select: { id: true, name: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  // A person who may no longer sign in may not act through their tokens either.
  if (row.owner?.disabledAt) return null;
  const caller: Caller = {
    name: row.owner?.name ?? row.name,
    role: row.role as Role,
    via: "token",
    token: row.name,
    ...(row.owner ? { userId: row.owner.id } : {}),
  };
  await recordTokenUse(db, row, caller.name);
  return caller;
}

// The guard on lastUsedAt makes concurrent requests agree on which one records the use.
async function recordTokenUse(db: PrismaClient, row: { id: string; name: string; role: string; lastUsedAt: Date | null }, actor: string): Promise<void> {
  const last = row.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - last < TOUCH_AFTER_MS) return;
  await db.$transaction(async (tx) => {
    const touched = await tx.apiToken.updateMany({ where: { id: row.id, lastUsedAt: row.lastUsedAt }, data: { lastUsedAt: new Date() } });
    if (touched.count === 1 && Date.now() - last >= AUDIT_USE_EVERY_MS) {
      await recordAudit(tx, "TokenUsed", `token '${row.name}' (${row.role}) used${actor === row.name ? "" : ` by ${actor}`}`, actor, {
        token: row.name,
        role: row.role,
      });
    }
  });
}

export async function listTokens(db: PrismaClient): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      role: true,
      createdAt: true,
      createdBy: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      owner: { select: { name: true } },
    },
  });
  return rows.map(({ owner, ...row }) => ({ ...row, owner: owner?.name ?? null }));
}

// By name revokes every live token of that name; by id, that one.
export async function revokeTokens(db: PrismaClient, nameOrId: string, actor: string): Promise<{ revoked: number }> {
  const isId = /^[0-9a-f-]{36}$/i.test(nameOrId);
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({
      where: { ...(isId ? { id: nameOrId } : { name: nameOrId }), revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (revoked.count === 0) throw new UserError("NOT_FOUND", `no live token named or with id '${nameOrId}'`);
    await recordAudit(tx, "TokenRevoked", `token '${nameOrId}' revoked (${revoked.count})`, actor, { token: nameOrId, count: revoked.count });
    return { revoked: revoked.count };
  });
}

// API tokens: random, shown once, stored as a SHA-256 hash (they carry 256 bits, so no slow hash is needed).
import crypto from "node:crypto";
import type { Role } from "./roles";
import type { PrismaClient } from "../generated/prisma/client";

export type Caller = { name: string; role: Role };

const PREFIX = "spt_";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export async function createToken(db: PrismaClient, name: string, role: string, expiresAt?: Date): Promise<string> {
  const token = PREFIX + crypto.randomBytes(32).toString("base64url");
  await db.apiToken.create({ data: { name, role, tokenHash: hashToken(token), expiresAt } });
  return token;
}

export async function verifyToken(db: PrismaClient, token: string): Promise<Caller | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  return { name: row.name, role: row.role as Role };
}

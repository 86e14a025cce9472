// The first start writes an admin API token to the data folder (the CLI reads it from there when
// SETPOINT_TOKEN is not set) and creates the first admin user for the dashboard.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { createOwnedToken, createToken, verifyToken, type TokenOwner } from "./api-tokens";
import { addUser, recordAudit } from "./users";

export const ADMIN_TOKEN_FILE = "admin-token";

// The token belongs to the first admin: the CLI on this machine acts as that person.
export async function ensureAdminToken(db: PrismaClient, dataDir: string): Promise<string> {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (await verifyToken(db, existing)) return file;
  }
  const owner = await firstAdmin(db);
  const token = owner ? await createOwnedToken(db, { name: "admin", role: "admin", owner }) : await createToken(db, "admin", "admin");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}

// The admin who has been one longest: who owns the CLI's token and the tokens that had no owner.
export async function firstAdmin(db: PrismaClient): Promise<TokenOwner | null> {
  return db.user.findFirst({ where: { role: "admin", disabledAt: null }, orderBy: [{ createdAt: "asc" }, { name: "asc" }], select: { id: true, name: true } });
}

// Tokens from before any person existed (the migration could give them to no one) go to the first admin,
// so every token a person can hold acts as a person. Returns their names.
export async function adoptOwnerlessTokens(db: PrismaClient): Promise<string[]> {
  const owner = await firstAdmin(db);
  if (!owner) return [];
  return db.$transaction(async (tx) => {
    const tokens = await tx.apiToken.findMany({ where: { ownerId: null, revokedAt: null }, select: { name: true }, orderBy: { name: "asc" } });
    if (tokens.length === 0) return [];
    await tx.apiToken.updateMany({ where: { ownerId: null, revokedAt: null }, data: { ownerId: owner.id } });
    const names = tokens.map((token) => token.name);
    await recordAudit(
      tx,
      "TokensAdopted",
      `token${names.length === 1 ? "" : "s"} ${names.join(", ")} had no owner and now act${names.length === 1 ? "s" : ""} as ${owner.name}`,
      "system",
      { tokens: names, owner: owner.name },
    );
    return names;
  });
}

export const ADMIN_PASSWORD_FILE = "admin-password";

// With no users yet, the first start creates `admin` with a generated password, kept in a 0600 file
// of the data folder (as Jenkins keeps its initial admin password) until someone changes it.
export async function ensureFirstAdmin(db: PrismaClient, dataDir: string): Promise<{ created: boolean; passwordFile: string }> {
  const passwordFile = path.join(dataDir, ADMIN_PASSWORD_FILE);
  if ((await db.user.count()) > 0) return { created: false, passwordFile };
  const { password } = await addUser(db, { name: "admin", role: "admin" }, "system");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return { created: true, passwordFile };
}

// Once the first admin's password is changed, the file would only mislead.
export function forgetFirstAdminPassword(dataDir: string, user: string): void {
  if (user === "admin") fs.rmSync(path.join(dataDir, ADMIN_PASSWORD_FILE), { force: true });
}

// The first start writes an admin API token to the data folder (the CLI reads it from there when
// SETPOINT_TOKEN is not set) and creates the first admin user for the dashboard.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { createToken, verifyToken } from "./api-tokens";
import { addUser } from "./users";

export const ADMIN_TOKEN_FILE = "admin-token";

export async function ensureAdminToken(db: PrismaClient, dataDir: string): Promise<string> {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (await verifyToken(db, existing)) return file;
  }
  const token = await createToken(db, "admin", "admin");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, token + "\n", { mode: 0o600 });
  return file;
}

export const ADMIN_PASSWORD_FILE = "admin-password";

// With no users yet, the first start creates `admin` with a generated password, kept in a 0600 file
// of the data folder (as Jenkins keeps its initial admin password) until someone changes it.
export async function ensureFirstAdmin(db: PrismaClient, dataDir: string): Promise<{ created: boolean; passwordFile: string }> {
  const passwordFile = path.join(dataDir, ADMIN_PASSWORD_FILE);
  if ((await db.user.count()) > 0) return { created: false, passwordFile };
  const { password } = await addUser(db, { name: "admin", role: "admin" }, "system");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
  return { created: true, passwordFile };
}

// Once the first admin's password is changed, the file would only mislead.
export function forgetFirstAdminPassword(dataDir: string, user: string): void {
  if (user === "admin") fs.rmSync(path.join(dataDir, ADMIN_PASSWORD_FILE), { force: true });
}

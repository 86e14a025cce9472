// On the embedded default the first start writes an admin token to the data folder; the CLI
// reads it from there when SETPOINT_TOKEN is not set.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { createToken, verifyToken } from "./api-tokens";

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

// The embedded Postgres's roles and their passwords. Both passwords are random, made on the first start
// and kept in 0600 files of the data folder: the bootstrap superuser's, for administration only (roles,
// the database, upgrades), and the app role's, which web, runners and the CLI's server connect with.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const SUPERUSER = "setpoint"; // the cluster's bootstrap role (named so by every Setpoint so far)
export const APP_ROLE = "setpoint_app"; // not a superuser; owns Setpoint's database and nothing else
export const DATABASE = "setpoint";
// What every data folder made before random credentials has as the superuser's password.
export const LEGACY_PASSWORD = "setpoint";

export const SUPERUSER_PASSWORD_FILE = "pg-superuser-password";
export const APP_PASSWORD_FILE = "pg-app-password";

export type PostgresCredentials = { superuser: string; app: string };

export function ensurePostgresCredentials(dir: string): PostgresCredentials {
  return { superuser: readOrCreate(path.join(dir, SUPERUSER_PASSWORD_FILE)), app: readOrCreate(path.join(dir, APP_PASSWORD_FILE)) };
}

// 256 bits, hex: nothing in it needs escaping in a URL or SQL.
export function randomPassword(): string {
  return crypto.randomBytes(32).toString("hex");
}

function readOrCreate(file: string): string {
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing) {
      fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const password = randomPassword();
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an empty file left by a crash kept its own mode
  return password;
}

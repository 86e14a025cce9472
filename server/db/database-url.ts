// Where the database is: DATABASE_URL when set, else the embedded Postgres that `npm start`
// started and announced in the data folder (so `npm run runner` on the same machine finds it).
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "../config";

export const URL_FILE = "database.url";

export function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = path.join(dataDir(), URL_FILE);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    throw new Error(`DATABASE_URL is not set and no embedded Postgres was found (${file} is missing): run \`npm start\` first, or set DATABASE_URL`);
  }
}

// It holds the app role's password: 0600, also when an older start left the file with another mode.
export function announceDatabaseUrl(url: string, dir = dataDir()): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, URL_FILE);
  fs.writeFileSync(file, `${url}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

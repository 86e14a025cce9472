// Where the CLI finds the server and its token; the data folder is the one the server writes to.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ADMIN_TOKEN_FILE } from "../auth/admin-token";
import { dataDir, webPort } from "../config";
import { CliError } from "./cli-error";

// tokenSource: where the token came from, or the file that was looked in when there is none.
export type CliSettings = { url: string; token: string | null; tokenSource: string };

export function readCliSettings(): CliSettings {
  return { url: serverUrl(process.env), ...readToken(process.env) };
}

function serverUrl(env: NodeJS.ProcessEnv): string {
  const explicit = env.SETPOINT_URL?.trim();
  if (explicit) return explicit.replace(/\/+$/, "");
  try {
    return `http://localhost:${webPort()}`;
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

function readToken(env: NodeJS.ProcessEnv): { token: string | null; tokenSource: string } {
  const fromEnv = env.SETPOINT_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, tokenSource: "SETPOINT_TOKEN" };
  const file = path.join(dataDir(), ADMIN_TOKEN_FILE);
  try {
    const token = readFileSync(file, "utf8").trim();
    return { token: token || null, tokenSource: file };
  } catch {
    return { token: null, tokenSource: file };
  }
}

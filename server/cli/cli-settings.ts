// Where the CLI finds the server and its token; the data folder is the one the server writes to.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ADMIN_TOKEN_FILE } from "../auth/admin-token";
import { dataDir, webPort } from "../config";
import { readServerUrl } from "../web/server-url-file";
import { CliError } from "./cli-error";

// tokenSource: where the token came from, or the file that was looked in when there is none;
// urlSource: the same for the server's address.
export type CliSettings = { url: string; token: string | null; tokenSource: string; urlSource?: string };

export function readCliSettings(): CliSettings {
  return { ...serverUrl(process.env), ...readToken(process.env) };
}

// SETPOINT_URL, else the address `npm start` wrote to the data folder, else localhost on PORT (3000).
function serverUrl(env: NodeJS.ProcessEnv): { url: string; urlSource: string } {
  const explicit = env.SETPOINT_URL?.trim();
  if (explicit) return { url: explicit.replace(/\/+$/, ""), urlSource: "SETPOINT_URL" };
  const written = readServerUrl(dataDir());
  if (written) return { url: written.url, urlSource: written.file };
  try {
    return { url: `http://localhost:${webPort()}`, urlSource: env.PORT ? "PORT" : "the default port" };
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

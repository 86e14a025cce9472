// Where the running web server listens, written to the data folder by `npm start`, so the CLI finds it
// whatever PORT it was started with (when SETPOINT_URL is not set).
import fs from "node:fs";
import path from "node:path";

export const SERVER_URL_FILE = "server-url";

export function writeServerUrl(dataDir: string, url: string): string {
  const file = path.join(dataDir, SERVER_URL_FILE);
  fs.writeFileSync(file, `${url}\n`);
  return file;
}

export function readServerUrl(dataDir: string): { url: string; file: string } | null {
  const file = path.join(dataDir, SERVER_URL_FILE);
  try {
    const url = fs.readFileSync(file, "utf8").trim();
    return /^https?:\/\/\S+$/.test(url) ? { url: url.replace(/\/+$/, ""), file } : null;
  } catch {
    return null;
  }
}

// Only while it still names this server: another start on the same folder may have written its own since.
export function forgetServerUrl(dataDir: string, url: string): void {
  if (readServerUrl(dataDir)?.url === url) fs.rmSync(path.join(dataDir, SERVER_URL_FILE), { force: true });
}

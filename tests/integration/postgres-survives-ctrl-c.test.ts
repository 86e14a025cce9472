// Ctrl-C signals the whole foreground process group: the embedded Postgres must not stop with it, since
// runners drain on that signal and still need the database (npm start stops Postgres last).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "../..");

const HOLDER = `
import { startEmbeddedPostgres, takeOverShutdownSignals } from "./server/db/embedded-postgres.ts";
takeOverShutdownSignals();
process.on("SIGINT", () => console.log("SIGINT"));
const server = await startEmbeddedPostgres(process.argv[1], { throwaway: true });
console.log("URL " + server.url);
process.stdin.on("data", async () => { await server.stop(); process.exit(0); });
`;

test("Postgres started for npm start outlives a Ctrl-C to the process group, and stops when told", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-ctrl-c-"));
  // A process group of its own, like a terminal's foreground job.
  const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", HOLDER, dir], {
    cwd: ROOT,
    detached: true,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  holder.stdout!.on("data", (chunk) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL: ${output}`)), 60_000);
    holder.stdout!.on("data", () => {
      const found = output.match(/URL (\S+)/)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  try {
    process.kill(-holder.pid!, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.match(output, /SIGINT/, "the group got the signal");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    assert.equal((await client.query("SELECT 1 AS one")).rows[0].one, 1, "Postgres still answers");
    await client.end();
  } finally {
    holder.stdin!.write("stop\n");
    await new Promise((resolve) => holder.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

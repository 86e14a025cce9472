// End-to-end tests: Playwright drives Debian's chromium against the real product, started the way a
// user starts it (`npm start` = scripts/start.ts) on a fixed port with a fresh data folder per run.
// `npx playwright install` is not needed (and not possible offline): chromium comes from /usr/bin.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM } from "./e2e/chromium";

const PORT = Number(process.env.SETPOINT_E2E_PORT ?? 3917); // another port lets two checkouts run e2e at once
const BASE_URL = `http://127.0.0.1:${PORT}`;

// The config is evaluated in the runner process and again in every worker: only the runner makes
// the data folder, the workers inherit its path through the environment.
const isRunner = !process.env.TEST_WORKER_INDEX;
if (isRunner && process.env.SETPOINT_E2E_OWNER_PID !== String(process.pid)) {
  process.env.SETPOINT_E2E_OWNER_PID = String(process.pid);
  process.env.SETPOINT_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-e2e-"));
  cleanUpOnExit(process.env.SETPOINT_E2E_DATA_DIR);
}
const dataDir = process.env.SETPOINT_E2E_DATA_DIR!;

// The product must use its embedded Postgres in the fresh data folder, never a database named by
// the caller's environment.
delete process.env.DATABASE_URL;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // The demo goal converges in 15-30 s on an idle machine; its test waits up to 90 s for it.
  timeout: 120_000,
  // The whole run, the web server's start (and a possible dashboard build) included.
  globalTimeout: 600_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    headless: true,
    screenshot: "on",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: CHROMIUM,
      },
    },
  ],
  webServer: {
    command: "node --import tsx scripts/start.ts",
    url: `${BASE_URL}/`,
    reuseExistingServer: false,
    // The first start after a source change runs `next build` (about a minute on two cores).
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // Playwright sends SIGTERM to the server's whole process group (scripts/start.ts, the web
    // server, the runner, the embedded Postgres); scripts/start.ts then waits for its children and
    // stops Postgres. Past the timeout Playwright SIGKILLs the group; cleanUpOnExit catches the rest.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    env: {
      PORT: String(PORT),
      SETPOINT_DATA_DIR: dataDir,
      SETPOINT_RUNNERS: "4",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

// Last resort when the runner exits: whatever still runs from this run's data folder (named on its
// command line, like the embedded Postgres, or in its environment, like the web server and the
// runner) is killed, then the folder is removed. Set SETPOINT_E2E_KEEP_DATA=1 to keep the folder
// (the database, the demo repository, the runner's work folder) for a post-mortem.
function cleanUpOnExit(dir: string): void {
  process.once("exit", () => {
    const leftovers = processesUsing(dir);
    const named = leftovers.map((pid) => `${pid} (${readProc(pid, "cmdline").split("\0").join(" ").trim().slice(0, 120)})`);
    if (leftovers.length) fs.writeSync(2, `[e2e] killing processes left behind by the web server: ${named.join(", ")}\n`);
    for (const pid of leftovers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    // Run as root, the runner made a system user per goal: removed with the run, as with deleted goals. An exit
    // handler cannot wait for a promise, so a child process removes them while this one waits.
    const goalIds = homesIn(dir);
    if (goalIds.length > 0 && process.getuid?.() === 0)
      spawnSync(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "e2e/remove-goal-users.ts"), ...goalIds], { stdio: "inherit" });
    if (process.env.SETPOINT_E2E_KEEP_DATA === "1") return;
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a file still held open; the temp folder is left for the OS to clean
    }
  });
}

// The goals' homes in the default work folder, named by goal id; none when there is no such folder.
function homesIn(dir: string): string[] {
  try {
    return fs.readdirSync(path.join(dir, "work", "homes"));
  } catch {
    return [];
  }
}

function processesUsing(dir: string): number[] {
  if (process.platform !== "linux") return [];
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (readProc(pid, "cmdline").includes(dir) || readProc(pid, "environ").split("\0").includes(`SETPOINT_DATA_DIR=${dir}`)) pids.push(pid);
  }
  return pids;
}

function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return ""; // exited meanwhile, or not ours to read
  }
}

// What the loop benchmarks set up alike: a scratch folder with its own Postgres, a one-commit repository, and
// runner processes started the way `npm run runner` starts them, each resolved once it
// says it has started.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../server/db/client";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { removeGoalUsersOf } from "../server/runner/goal-user";
import { runGit } from "../server/workspace/run-git";
import { buildRunner, RUNNER_NODE_FLAGS } from "../scripts/build-runner";

const ROOT = path.resolve(import.meta.dirname, "..");

// A bench's scratch folder and embedded Postgres (migrated, fsynced as the product runs it), both gone when `work`
// ends, however it ends.
export async function withBenchDatabase<T>(name: string, work: (bench: { scratch: string; url: string; db: Db }) => Promise<T>): Promise<T> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `setpoint-bench-${name}-`));
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"));
  const { db, pool } = createDb(postgres.url, 4);
  try {
    await migrate(postgres.url);
    return await work({ scratch, url: postgres.url, db });
  } finally {
    await removeGoalUsersOf(db).catch(() => {});
    await db.$disconnect();
    await pool.end();
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export async function makeRepository(dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "README.md"), "a repository for Setpoint's benchmarks\n");
  await runGit(["init", "-q", "-b", "main"], { cwd: dir });
  await runGit(["add", "-A"], { cwd: dir });
  await runGit(["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "start"], { cwd: dir });
  return dir;
}

export async function startRunnerProcess(databaseUrl: string, workDir: string, slots: number): Promise<ChildProcess> {
  return (await startRunner(databaseUrl, workDir, slots)).child;
}

// `count` runner processes of `slots` each, started side by side.
export function startRunnerProcesses(databaseUrl: string, workDir: string, count: number, slots: number): Promise<ChildProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startRunnerProcess(databaseUrl, workDir, slots)));
}

export type RunnerProcess = { child: ChildProcess; id: string };

// The runner as `npm run runner` starts it: the bundle, on plain Node. `logFile`: the runner's stdout and
// stderr go there instead of this process's (the chaos run starts dozens). `nodeArgs`: more options for Node
// (a bench's probe, loaded with --import).
export async function startRunner(
  databaseUrl: string,
  workDir: string,
  slots: number,
  options: { logFile?: string; nodeArgs?: string[] } = {},
): Promise<RunnerProcess> {
  const log = options.logFile ? fs.openSync(options.logFile, "a") : undefined;
  const runner = spawn(process.execPath, [...cpuProfile(), ...RUNNER_NODE_FLAGS, ...(options.nodeArgs ?? []), ...experimentFlags(), await runnerBundle()], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SETPOINT_WORK_DIR: workDir, SETPOINT_RUNNERS: String(slots) },
    stdio: ["ignore", "pipe", log ?? "inherit"],
  });
  if (log !== undefined) fs.closeSync(log); // the child holds its own copy
  // The pipe is read for as long as the runner lives, or its console.log would block once the pipe is full.
  const id = await new Promise<string>((resolve, reject) => {
    let output = "";
    let started = false;
    const onExit = (code: number | null) =>
      reject(new Error(`a runner exited (${code}) before it started${options.logFile ? `; its log: ${options.logFile}` : `:\n${output}`}`));
    runner.stdout!.on("data", (chunk: Buffer) => {
      if (options.logFile) fs.appendFileSync(options.logFile, chunk);
      if (started) return;
      output += chunk.toString();
      const line = /^\[runner (\S+)\] started with/m.exec(output);
      if (!line) return;
      started = true;
      runner.off("exit", onExit);
      resolve(line[1]);
    });
    runner.once("exit", onExit);
  });
  return { child: runner, id };
}

let bundle: Promise<string> | undefined;
function runnerBundle(): Promise<string> {
  bundle ??= buildRunner();
  return bundle;
}

// BENCH_RUNNER_FLAGS="--flag …": Node or V8 options added to the runners' for an experiment (memory, speed).
function experimentFlags(): string[] {
  return (process.env.BENCH_RUNNER_FLAGS ?? "").split(/\s+/).filter(Boolean);
}

// BENCH_CPU_PROFILE_DIR=<folder>: each runner writes a V8 CPU profile there when it exits.
function cpuProfile(): string[] {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(dir)}`] : [];
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

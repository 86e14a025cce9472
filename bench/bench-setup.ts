// What the loop benchmarks set up alike: a one-commit repository, and runner processes started the
// way `npm run runner` starts them, each resolved once it says it has started.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runGit } from "../server/workspace/run-git";
import { buildRunner, RUNNER_NODE_FLAGS } from "../scripts/build-runner";

const ROOT = path.resolve(import.meta.dirname, "..");

export async function makeRepository(dir: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "README.md"), "a repository for Setpoint's benchmarks\n");
  await runGit(["init", "-q", "-b", "main"], { cwd: dir });
  await runGit(["add", "-A"], { cwd: dir });
  await runGit(["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "start"], { cwd: dir });
  return dir;
}

// The runner as `npm run runner` starts it: the bundle, plain Node.
export async function startRunnerProcess(databaseUrl: string, workDir: string, slots: number): Promise<ChildProcess> {
  const runner = spawn(process.execPath, [...cpuProfile(), ...RUNNER_NODE_FLAGS, await runnerBundle()], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SETPOINT_WORK_DIR: workDir, SETPOINT_RUNNERS: String(slots) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    runner.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("started with")) resolve();
    });
    runner.once("exit", (code) => reject(new Error(`a runner exited (${code}) before it started:\n${output}`)));
  });
  return runner;
}

let bundle: Promise<string> | undefined;
function runnerBundle(): Promise<string> {
  bundle ??= buildRunner();
  return bundle;
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

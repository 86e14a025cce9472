// Runs a shell command as its own process group, so a timeout or a cancel kills everything it started.
import { spawn } from "node:child_process";
import { CappedBuffer } from "./capped-buffer";

export const OUTPUT_LIMIT_BYTES = 1024 * 1024;

export type RunOptions = {
  command: string; // run through /bin/sh -c
  cwd: string;
  env?: NodeJS.ProcessEnv; // the whole environment (not merged with process.env)
  input?: string; // written to standard input, which is then closed
  timeoutMs: number;
  signal?: AbortSignal; // aborting kills the process group
  outputLimitBytes?: number;
  onOutput?: (chunk: string) => void;
};

export type RunResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  stdout: string; // capped, tail kept
  output: string; // stdout and stderr interleaved, capped, tail kept
  durationMs: number;
};

const KILL_GRACE_MS = 2000;

export function runProcess(options: RunOptions): Promise<RunResult> {
  const limit = options.outputLimitBytes ?? OUTPUT_LIMIT_BYTES;
  const stdout = new CappedBuffer(limit);
  const output = new CappedBuffer(limit);
  const started = performance.now();

  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true, // a new process group: kill(-pid) reaches grandchildren too
      stdio: ["pipe", "pipe", "pipe"],
    });
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;

    const killGroup = () => {
      signalGroup(child.pid, "SIGTERM");
      killTimer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => { timedOut = true; killGroup(); }, options.timeoutMs);
    const onAbort = () => { aborted = true; killGroup(); };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    child.stdout.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      output.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    });
    child.stdin.on("error", () => {}); // the command may exit without reading its input
    child.stdin.end(options.input ?? "");

    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      // The shell may be gone while its children still run; make sure none outlive the command.
      signalGroup(child.pid, "SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      resolve({
        exitCode,
        signal,
        timedOut,
        aborted,
        stdout: stdout.toString(),
        output: output.toString(),
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

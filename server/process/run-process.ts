// Runs a shell command as its own process group, so a timeout or a cancel kills everything it started
// (and, once it exits, whatever it left running), and in a PID namespace of its own (bwrap's, or
// unshare's where the machine allows it), so nothing it started outlives it, not even what left the group.
import { BWRAP, bwrapArgs, type Sandbox } from "./bwrap-args";
import { CappedBuffer, OUTPUT_LIMIT_BYTES } from "./capped-buffer";
import { pidNamespaceFor } from "./pid-namespace";
import { spawnChild, type RunAs } from "./spawn-child";

export type RunOptions = {
  command: string; // run through /bin/sh -c
  cwd: string;
  env?: NodeJS.ProcessEnv; // the whole environment (not merged with process.env)
  input?: string; // written to standard input, which is then closed
  timeoutMs: number;
  signal?: AbortSignal; // aborting kills the process group
  outputLimitBytes?: number;
  onOutput?: (chunk: string) => void;
  sandbox?: Sandbox; // run under bwrap (the goal's `sandbox: bwrap`); sandboxProblem checks it can first
  user?: RunAs; // run as this user (bwrap too, when sandboxed): a root runner's agent user
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

export async function runProcess(options: RunOptions): Promise<RunResult> {
  const shell = ["/bin/sh", "-c", options.command];
  if (options.sandbox) return runArgv([BWRAP, ...bwrapArgs(options.sandbox, options.cwd, shell)], options);
  const namespace = await pidNamespaceFor(options.user);
  return runArgv("wrap" in namespace ? namespace.wrap(shell) : shell, options);
}

function runArgv([file, ...args]: string[], options: RunOptions): Promise<RunResult> {
  const limit = options.outputLimitBytes ?? OUTPUT_LIMIT_BYTES;
  const stdout = new CappedBuffer(limit);
  const output = new CappedBuffer(limit);
  const started = performance.now();
  // The one place agent, layer and setup commands start: a sandbox or namespace wraps the shell, not what it runs.
  const child = spawnChild(
    { file, args, cwd: options.cwd, env: options.env ?? process.env, group: true, input: options.input ?? "", user: options.user },
    (fd, chunk) => {
      if (fd === 1) stdout.push(chunk);
      output.push(chunk);
      options.onOutput?.(chunk.toString("utf8"));
    },
  );
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const killGroup = () => {
    child.kill("SIGTERM");
    killTimer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
    killTimer.unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const onAbort = () => {
    aborted = true;
    killGroup();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const stopWatching = () => {
    clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    options.signal?.removeEventListener("abort", onAbort);
  };
  return child.exited.then(
    ({ code, signal }) => {
      stopWatching();
      // A command it killed has no exit code of its own: in a PID namespace its PID 1 may ignore the SIGTERM
      // that stopped the rest, or unshare may report the kill as an exit.
      return {
        exitCode: timedOut || aborted ? null : code,
        signal,
        timedOut,
        aborted,
        stdout: stdout.toString(),
        output: output.toString(),
        durationMs: Math.round(performance.now() - started),
      };
    },
    (error) => {
      stopWatching();
      throw error;
    },
  );
}

// A regex layer's pattern is the goal author's, the output it reads the agent's: (a+)+$ over "aaaa…b" runs
// for ever. So the last match is found in a worker thread, terminated when it takes longer than the limit,
// and the runner's other goals, heartbeats and leases carry on meanwhile. A worker costs about 20 ms to
// start, so an idle one is kept for the next layer, for a minute.
import path from "node:path";
import { Worker } from "node:worker_threads";

export const PATTERN_TIME_LIMIT_MS = 2000;
const IDLE_MS = 60_000;
// From this folder or from the runner's bundle (server/.build), both two folders below the project.
const WORKER = path.resolve(import.meta.dirname, "../evaluation/pattern-worker.mjs");

export type LastMatch = { matched: false } | { matched: true; groups: Record<string, string | undefined> | null } | { cutOff: true } | { failed: string };

let idle: { worker: Worker; timer: NodeJS.Timeout } | null = null;

// `pattern` must compile (new RegExp(pattern, "gm")); the caller says what is wrong with one that does not.
export function matchLast(text: string, pattern: string, limitMs = PATTERN_TIME_LIMIT_MS): Promise<LastMatch> {
  const worker = takeWorker();
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: LastMatch, reusable: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      if (reusable) keepIdle(worker);
      else void worker.terminate();
      resolve(result);
    };
    const onMessage = (result: LastMatch) => finish(result, true);
    const onError = (error: Error) => finish({ failed: error.message }, false);
    const onExit = () => finish({ failed: "its worker thread stopped" }, false);
    const limit = setTimeout(() => finish({ cutOff: true }, false), limitMs);
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    worker.ref();
    worker.postMessage({ text, pattern });
  });
}

function takeWorker(): Worker {
  if (!idle) return new Worker(WORKER, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 128 } });
  const { worker, timer } = idle;
  clearTimeout(timer);
  idle = null;
  return worker;
}

// One idle worker is enough: a second layer matching at the same moment starts its own.
function keepIdle(worker: Worker): void {
  worker.unref();
  if (idle) {
    void worker.terminate();
    return;
  }
  const timer = setTimeout(() => {
    if (idle?.worker === worker) idle = null;
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idle = { worker, timer };
}

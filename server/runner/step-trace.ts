// Where an iteration's time goes, for the benches (bench:capacity): with SETPOINT_STEP_TRACE naming a file, each
// iteration appends one JSON line of its steps' durations (ms, from the step before), and the runner, every
// second it works, one line of its event loop's delay. Off (the default), a mark is one lookup that finds nothing.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

type Trace = { last: number; steps: Record<string, number> };

const storage = new AsyncLocalStorage<Trace>();
const LOOP_EVERY_MS = 1000;
let out: fs.WriteStream | null | undefined;

function stream(): fs.WriteStream | null {
  if (out !== undefined) return out;
  const file = process.env.SETPOINT_STEP_TRACE;
  out = file ? fs.createWriteStream(file, { flags: "a" }) : null;
  if (out) watchEventLoop(out);
  return out;
}

// Runs one iteration's work with its steps timed; its line is written when it ends, however it ends.
export async function traced<T>(label: Record<string, unknown>, run: () => Promise<T>): Promise<T> {
  const to = stream();
  if (!to) return run();
  const trace: Trace = { last: performance.now(), steps: {} };
  try {
    return await storage.run(trace, run);
  } finally {
    markStep("rest", trace);
    to.write(`${JSON.stringify({ type: "iteration", ...label, steps: roundAll(trace.steps) })}\n`);
  }
}

// The time since the last mark goes to this step (added up when a step comes back).
export function markStep(step: string, trace = storage.getStore()): void {
  if (!trace) return;
  const now = performance.now();
  trace.steps[step] = (trace.steps[step] ?? 0) + (now - trace.last);
  trace.last = now;
}

// Work that runs side by side under one iteration (best of N's candidates) would interleave its marks: untimed.
export function untraced<T>(run: () => Promise<T>): Promise<T> {
  return storage.exit(run);
}

function watchEventLoop(to: fs.WriteStream): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const timer = setInterval(() => {
    if (delay.count > 0)
      to.write(
        `${JSON.stringify({ type: "loop", pid: process.pid, at: Date.now(), p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 })}\n`,
      );
    delay.reset();
  }, LOOP_EVERY_MS);
  timer.unref();
}

function roundAll(steps: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(steps).map(([step, ms]) => [step, Math.round(ms * 10) / 10]));
}

// What the runners' step trace (server/runner/step-trace.ts, on with SETPOINT_STEP_TRACE) says about where the
// overhead goes: for each step of an iteration, its p50 and p99, and its mean share among the slowest 1% of
// iterations by overhead; the agent's and the layers' steps less their own recorded run time (what is left there is
// waiting to start them and reading what they left). Then the runners' event-loop delay, second by second.
import fs from "node:fs";
import { quantile } from "./figures";
import type { IterationTime } from "./loop-goals";

type IterationLine = { type: "iteration"; goal: string; number: number; steps: Record<string, number> };
type LoopLine = { type: "loop"; p99: number; max: number };

export function reportSteps(file: string, rows: IterationTime[]): void {
  if (!fs.existsSync(file)) return;
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as IterationLine | LoopLine);
  const byKey = new Map(rows.map((row) => [`${row.goal}#${row.number}`, row]));
  const traced = lines
    .filter((line): line is IterationLine => line.type === "iteration")
    .flatMap((line) => {
      const row = byKey.get(`${line.goal}#${line.number}`);
      return row ? [{ row, steps: overheadSteps(line.steps, row) }] : [];
    });
  if (traced.length === 0) return;
  const names = [...new Set(traced.flatMap((each) => Object.keys(each.steps)))];
  const slowest = [...traced].sort((a, b) => b.row.overheadMs - a.row.overheadMs).slice(0, Math.max(1, Math.ceil(traced.length / 100)));
  console.log(`\nsteps of ${traced.length} iterations (ms): p50, p99, and the mean among the ${slowest.length} slowest by overhead`);
  for (const name of names) {
    const values = traced.map((each) => each.steps[name] ?? 0);
    const slow = slowest.reduce((sum, each) => sum + (each.steps[name] ?? 0), 0) / slowest.length;
    console.log(`  ${name.padEnd(18)} ${fixed(quantile(values, 0.5))} ${fixed(quantile(values, 0.99))} ${fixed(slow)}`);
  }
  const loops = lines.filter((line): line is LoopLine => line.type === "loop");
  if (loops.length > 0)
    console.log(
      `event-loop delay over ${loops.length} runner-seconds: p99 of the seconds' p99 ${fixed(
        quantile(
          loops.map((l) => l.p99),
          0.99,
        ),
      )} ms, worst ${fixed(Math.max(...loops.map((l) => l.max)))} ms\n`,
    );
}

// The agent's and the layers' steps hold their run time, which is not overhead: only what is left around it.
function overheadSteps(steps: Record<string, number>, row: IterationTime): Record<string, number> {
  const left = { ...steps };
  if (left.agent !== undefined) left.agent -= row.agentMs;
  if (left.layers !== undefined) left.layers -= row.evalMs;
  return left;
}

const fixed = (ms: number) => ms.toFixed(0).padStart(7);

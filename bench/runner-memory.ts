// `npm run bench:runner-memory`: whether a runner's memory stays flat as it works (issue 15: at most 200 MB
// with 8 loops, flat from 500 iterations to 5,000). One runner of 8 slots reconciles GOALS goals (agent `true`,
// one `true` layer, a target that never holds, ITERATIONS_PER_GOAL iterations each: 200 × 25 = 5,000 by
// default) on the embedded Postgres. After 500 finished iterations and again after all of them, it reads the
// runner's resident memory from the kernel (now and at its peak) and asks the runner, through
// bench/memory-probe.mjs, for its heap in use before and after a full collection. Prints each figure, then one
// JSON line of them all. 3 to 6 minutes on the 2-core machine, with whatever else it runs.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import type { Db } from "../server/db/client";
import { applyGoals } from "../server/goals/apply-goal";
import { makeRepository, startRunner, stopProcess, withBenchDatabase } from "./bench-setup";
import { loopGoals, waitUntilEnded } from "./loop-goals";
import { residentMb } from "./proc-stats";
import { createFigures } from "./figures";

const GOALS = Number(process.env.BENCH_GOALS ?? 200);
const ITERATIONS_PER_GOAL = Number(process.env.BENCH_ITERATIONS_PER_GOAL ?? 25); // the baseline and 24 more
const FIRST_SAMPLE = 500;
const SLOTS = 8;
const TIMEOUT_MS = 30 * 60_000;
const PREFIX = "memory";
const PROBE = path.join(import.meta.dirname, "memory-probe.mjs");

const { figures, record } = createFigures();

type Sample = {
  label: number;
  iterations: number;
  rssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  heapUsedAfterGcMb: number;
  externalMb: number;
  cpuMs: number;
};

async function main(): Promise<void> {
  await withBenchDatabase("memory", async ({ scratch, url, db }) => {
    const total = GOALS * ITERATIONS_PER_GOAL;
    console.log(`${GOALS} goals × ${ITERATIONS_PER_GOAL} iterations (${total}), agent \`true\`, one \`true\` layer; one runner of ${SLOTS} slots\n`);
    const template = await makeRepository(path.join(scratch, "template"));
    const manifests = loopGoals({
      prefix: PREFIX,
      count: GOALS,
      template,
      reposDir: path.join(scratch, "repos"),
      agentCommand: "true",
      maxIterations: ITERATIONS_PER_GOAL - 1,
    });
    const runner = (await startRunner(url, path.join(scratch, "work"), SLOTS, { nodeArgs: ["--import", PROBE] })).child;
    try {
      const startedAt = Date.now();
      await applyGoals(db, manifests, "bench");
      await waitForIterations(db, FIRST_SAMPLE, runner);
      const first = await sample(db, runner, FIRST_SAMPLE);
      await waitUntilEnded(db, PREFIX, [runner], TIMEOUT_MS);
      const wallMs = Date.now() - startedAt;
      const last = await sample(db, runner, total);
      if (last.iterations !== total) throw new Error(`expected ${total} finished iterations, found ${last.iterations}`);
      recordSpan(first, last, wallMs);
    } finally {
      await stopProcess(runner);
    }
  });
  console.log(`\n${JSON.stringify({ bench: "runner-memory", goals: GOALS, iterationsPerGoal: ITERATIONS_PER_GOAL, slots: SLOTS, ...figures })}`);
}

function recordSpan(first: Sample, last: Sample, wallMs: number): void {
  for (const each of [first, last]) {
    const at = `after ${each.iterations} iterations`;
    record(`runnerRssMb_${each.label}`, each.rssMb, "MB", `resident ${at}`);
    record(`runnerPeakRssMb_${each.label}`, each.peakRssMb, "MB", `the most resident memory until ${each.iterations} iterations`);
    record(`heapUsedMb_${each.label}`, each.heapUsedMb, "MB", `V8 heap in use ${at}`);
    record(`heapAfterGcMb_${each.label}`, each.heapUsedAfterGcMb, "MB", `what the heap keeps ${at} (after a full collection); external ${each.externalMb} MB`);
  }
  record("rssGrowthMb", last.rssMb - first.rssMb, "MB", `resident, from ${first.iterations} iterations to ${last.iterations}`);
  record("heapAfterGcGrowthMb", last.heapUsedAfterGcMb - first.heapUsedAfterGcMb, "MB", "kept heap, over the same span");
  record(
    "cpuMsPerIteration",
    (last.cpuMs - first.cpuMs) / (last.iterations - first.iterations),
    "ms",
    "the runner's CPU time (every thread) per iteration over that span: its cost, whatever else the machine runs",
  );
  record("iterationsPerSecond", last.iterations / (wallMs / 1000), "it/s", `${last.iterations} iterations in ${(wallMs / 1000).toFixed(0)} s`);
}

async function finishedIterations(db: Db): Promise<number> {
  const [{ finished }] = await db.$queryRaw<{ finished: number }[]>`
    SELECT count(*)::int AS finished FROM "Iteration" i JOIN "Goal" g ON g.id = i."goalId"
    WHERE g.name LIKE ${`${PREFIX}-goal-%`} AND i."finishedAt" IS NOT NULL`;
  return finished;
}

async function waitForIterations(db: Db, count: number, runner: ChildProcess): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while ((await finishedIterations(db)) < count) {
    if (runner.exitCode !== null) throw new Error("the runner died");
    if (Date.now() > deadline) throw new Error(`fewer than ${count} iterations after ${TIMEOUT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The kernel's figures first (the probe's collection must not lower them), then the probe's line. `label`: the
// count the figures are named for (the runner may have finished a few more by the time it is read).
async function sample(db: Db, runner: ChildProcess, label: number): Promise<Sample> {
  const iterations = await finishedIterations(db);
  const rssMb = residentMb(runner.pid!, "VmRSS");
  const peakRssMb = residentMb(runner.pid!, "VmHWM");
  const heap = await new Promise<Omit<Sample, "label" | "iterations" | "rssMb" | "peakRssMb">>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("the runner did not answer SIGUSR2 within 10 s")), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^\[memory\] (.+)$/m.exec(output);
      if (!line) return;
      clearTimeout(timer);
      runner.stdout!.off("data", onData);
      resolve(JSON.parse(line[1]));
    };
    runner.stdout!.on("data", onData);
    runner.kill("SIGUSR2");
  });
  return { label, iterations, rssMb, peakRssMb, ...heap };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

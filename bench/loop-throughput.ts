// `npm run bench:loop`: how fast the control plane turns iterations when the agent and the layer cost
// nothing. 200 goals whose agent is `true` and whose one layer is `true` (exit-code), each with a target
// that never holds and 5 iterations to try, reconciled by 1, 2 and 4 runner processes (8 slots each) on
// the embedded Postgres, fsynced as the product runs it. Overhead is an iteration's wall time minus the
// time its agent and layer commands ran: worktrees, commits, diffs, database writes, notifications.
// Each runner count runs BENCH_REPEATS rounds (default 3) and reports their median (main says how rounds
// interleave, warmUp what each round runs first); BENCH_SLOTS sets the slots per runner (default 8). Prints
// each figure, then one JSON line of them all.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../server/db/client";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { APP_ROLE } from "../server/db/postgres-credentials";
import { applyGoals } from "../server/goals/apply-goal";
import { makeRepository, startRunnerProcesses, stopProcess } from "./bench-setup";
import { createFigures, median, quantile } from "./figures";
import { floorRound, floorWrapper } from "./floor-round";
import { describeEnds, loopGoals, readIterationTimes, waitUntilEnded } from "./loop-goals";
import { type CpuSplit, postgresCpuSeconds, residentMb, treeCpuSplit } from "./proc-stats";
import { removeGoalUsersOf } from "../server/runner/goal-user";

const GOALS = Number(process.env.BENCH_GOALS ?? 200);
const MAX_ITERATIONS = 5;
const SLOTS = Number(process.env.BENCH_SLOTS ?? 8);
const IDLE_GOALS = 8;
const RUNNER_COUNTS = (process.env.BENCH_RUNNERS ?? "1,2,4").split(",").map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WARMUP_GOALS = Number(process.env.BENCH_WARMUP_GOALS ?? 16); // per runner process, before each round (warmUp)
const FLOOR_ITERATIONS = 100; // per loop of the floor round before each repeat: about 5 s here
const ROUND_TIMEOUT_MS = 15 * 60_000;

const { figures, record } = createFigures();

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-loop-"));
  // pg_stat_statements counts what the runners send (as the app's role); the bench itself works as the superuser.
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"), {
    flags: ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=top"],
  });
  const { db, pool } = createDb(postgres.adminUrl, 4);
  // Its folder names the postmaster, whose CPU each round reads.
  const cluster = { url: postgres.url, dataDir: path.join(scratch, "pg-root", "pg") };
  try {
    await migrate(postgres.url);
    await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const template = await makeRepository(path.join(scratch, "template"));
    console.log(`${GOALS} goals × (baseline + ${MAX_ITERATIONS} iterations), agent \`true\`, one \`true\` layer; runners of ${SLOTS} slots each\n`);
    // The control plane's own time per iteration, with the machine otherwise idle: one loop at a time.
    const idle = await runRound(db, cluster, template, path.join(scratch, "round-idle"), 1, "idle", { goals: IDLE_GOALS, slots: 1 });
    record(
      "overheadMsP50_oneLoop",
      idle.overheadP50,
      "ms",
      `p95 ${idle.overheadP95.toFixed(0)} ms; ${idle.iterations} iterations by one runner with one slot: no loop waits for another`,
    );
    record(
      "statementsPerIteration",
      idle.statements / idle.iterations,
      "statements",
      `everything the runner sent Postgres in that round (claims, iterations, events, heartbeats; BEGIN and COMMIT count), per iteration`,
    );
    // Rounds interleave: each repeat runs a round of the process floor, then one round per runner count, in an
    // order turned by one each repeat. This machine's speed for starting processes drifts by half from one minute
    // to the next, so a figure is compared only with rounds of its own repeat (the floor share, the runner counts
    // against one), and the medians of those ratios are reported.
    const rounds = new Map<number, Round[]>(RUNNER_COUNTS.map((runners) => [runners, []]));
    const floors: number[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      floors.push(await floorRound(path.join(scratch, `floor-${repeat}`), FLOOR_ITERATIONS, floorWrapper()));
      const order = RUNNER_COUNTS.map((_, index) => RUNNER_COUNTS[(index + repeat) % RUNNER_COUNTS.length]);
      for (const runners of order)
        rounds.get(runners)!.push(await runRound(db, cluster, template, path.join(scratch, `round-${runners}-${repeat}`), runners, `r${runners}x${repeat}`));
    }
    record(
      "pairedFloorIterationsPerSecond",
      median(floors),
      "it/s",
      `median of the ${REPEATS} process-floor rounds run between the loop's (${floors.map((rate) => rate.toFixed(0)).join(", ")}; bench/floor-round.ts)`,
    );
    const first = RUNNER_COUNTS[0];
    for (const runners of RUNNER_COUNTS) {
      const list = rounds.get(runners)!;
      const mid = <K extends keyof Round>(key: K) => median(list.map((round) => round[key]));
      record(
        `iterationsPerSecond_${runners}`,
        mid("iterationsPerSecond"),
        "it/s",
        `median of ${REPEATS} rounds of ${list[0].iterations} iterations (${list.map((round) => round.iterationsPerSecond.toFixed(1)).join(", ")} it/s) with ${runners} runner process${runners === 1 ? "" : "es"}`,
      );
      const shares = list.map((round, repeat) => round.iterationsPerSecond / floors[repeat]);
      record(
        `floorShare_${runners}`,
        median(shares),
        "",
        `against the floor round of the same repeat (${shares.map((share) => share.toFixed(2)).join(", ")})`,
        2,
      );
      if (runners !== first) {
        const ratios = list.map((round, repeat) => round.iterationsPerSecond / rounds.get(first)![repeat].iterationsPerSecond);
        const against = `against ${first} runner${first === 1 ? "" : "s"} in the same repeat`;
        record(`runnersRatio_${runners}`, median(ratios), "", `${against} (${ratios.map((ratio) => ratio.toFixed(2)).join(", ")})`, 2);
      }
      record(
        `overheadMsP50_${runners}`,
        mid("overheadP50"),
        "ms",
        `p95 ${mid("overheadP95").toFixed(0)} ms; inside an iteration, beside its agent and layer commands`,
      );
      record(`gapMsP50_${runners}`, mid("gapP50"), "ms", "from one iteration's end to the next one's start on the same goal");
      record(
        `statementsPerIteration_${runners}`,
        mid("statements") / list[0].iterations,
        "statements",
        "what the runners sent Postgres in the round, per iteration",
      );
      // Where the machine's time went, per iteration: what the runner could still save, and what it cannot.
      for (const [name, key, what] of [
        ["runnerJs", "runnerCpuMs", "the runner processes' own JavaScript and threads"],
        ["commands", "commandsCpuMs", "the commands they started (git, agent, layer, with their PID-namespace wrappers)"],
        ["postgres", "postgresCpuMs", "Postgres (the bench's own polling included)"],
      ] as const)
        record(`cpuMsPerIteration_${name}_${runners}`, mid(key) / list[0].iterations, "ms", `CPU of ${what}`);
      if (WARMUP_GOALS > 0)
        record(
          `cpuMsPerIteration_runnerJsWarmup_${runners}`,
          mid("warmupRunnerCpuMsPerIteration"),
          "ms",
          `the runner processes' own CPU in their first ${WARMUP_GOALS * (MAX_ITERATIONS + 1)} iterations each (the unmeasured warm-up)`,
        );
      record(
        `runnerRssMb_${runners}`,
        Math.max(...list.map((round) => round.peakRssMb)),
        "MB",
        `peak resident memory of the largest runner process (${SLOTS} loops)`,
      );
    }
  } finally {
    await removeGoalUsersOf(db);
    await db.$disconnect();
    await pool.end();
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const last = RUNNER_COUNTS.at(-1)!;
  console.log(
    `\n${JSON.stringify({ bench: "loop", goals: GOALS, repeats: REPEATS, iterationsPerGoal: MAX_ITERATIONS + 1, iterationsPerSecond: figures[`iterationsPerSecond_${last}`], overheadMsP50: figures[`overheadMsP50_${last}`], runnerRssMb: Math.max(...RUNNER_COUNTS.map((n) => figures[`runnerRssMb_${n}`])), ...figures })}`,
  );
}

type Round = {
  iterations: number;
  wallMs: number;
  iterationsPerSecond: number;
  overheadP50: number;
  overheadP95: number;
  gapP50: number;
  peakRssMb: number;
  statements: number;
  runnerCpuMs: number;
  commandsCpuMs: number;
  postgresCpuMs: number;
  warmupRunnerCpuMsPerIteration: number;
};

// A runner is a long-lived process; the rounds time it as one. Before its round, each runner process turns
// WARMUP_GOALS goals' iterations (unmeasured): a fresh process spends its first iterations compiling its code and
// planning each of Prisma's query shapes, once per process, which would weigh on a 20-second round in
// proportion to the number of processes. Returns what the runners' own CPU was per warm-up iteration.
async function warmUp(db: Db, template: string, dir: string, runners: ChildProcess[], prefix: string): Promise<number> {
  if (WARMUP_GOALS === 0) return 0;
  const warmPrefix = `${prefix}warm`;
  const manifests = benchGoals(warmPrefix, WARMUP_GOALS * runners.length, template, path.join(dir, "warm-repos"));
  const ownCpu = () =>
    sumCpu(
      runners.map((runner) => treeCpuSplit(runner.pid!)),
      "own",
    );
  const before = ownCpu();
  await applyGoals(db, manifests, "bench");
  await waitUntilEnded(db, warmPrefix, runners, ROUND_TIMEOUT_MS);
  return ((ownCpu() - before) * 1000) / (manifests.length * (MAX_ITERATIONS + 1));
}

// The bench's goals: agent `true`, MAX_ITERATIONS iterations, each on its own copy of the template.
function benchGoals(prefix: string, count: number, template: string, reposDir: string) {
  return loopGoals({ prefix, count, template, reposDir, agentCommand: "true", maxIterations: MAX_ITERATIONS });
}

function sumCpu(list: CpuSplit[], key: keyof CpuSplit): number {
  return list.reduce((total, each) => total + each[key], 0);
}

// Runners start idle and listening; all goals are queued in one commit; the round ends when every goal
// has ended.
async function runRound(
  db: Db,
  cluster: { url: string; dataDir: string },
  template: string,
  dir: string,
  runnerCount: number,
  prefix: string,
  size = { goals: GOALS, slots: SLOTS },
): Promise<Round> {
  const manifests = benchGoals(prefix, size.goals, template, path.join(dir, "repos"));
  const runners = await startRunnerProcesses(cluster.url, path.join(dir, "work"), runnerCount, size.slots);
  try {
    const warmup = await warmUp(db, template, dir, runners, prefix);
    await db.$queryRawUnsafe("SELECT pg_stat_statements_reset()");
    const cpuBefore = { runners: runners.map((runner) => treeCpuSplit(runner.pid!)), postgres: postgresCpuSeconds(cluster.dataDir) };
    const queuedAt = Date.now();
    await applyGoals(db, manifests, "bench");
    await waitUntilEnded(db, prefix, runners, ROUND_TIMEOUT_MS);
    const cpuAfter = runners.map((runner) => treeCpuSplit(runner.pid!));
    const postgresCpu = postgresCpuSeconds(cluster.dataDir) - cpuBefore.postgres;
    const rows = await readIterationTimes(db, prefix);
    const wallMs = Math.max(...rows.map((row) => row.finishedAt)) - queuedAt;
    const overheads = rows.map((row) => row.overheadMs);
    const gaps = rows.flatMap((row, index) => (index > 0 && rows[index - 1].goal === row.goal ? [row.startedAt - rows[index - 1].finishedAt] : []));
    const expected = size.goals * (MAX_ITERATIONS + 1);
    if (rows.length !== expected)
      throw new Error(`expected ${expected} finished iterations, found ${rows.length}; the goals ended:\n${await describeEnds(db, prefix)}`);
    return {
      iterations: rows.length,
      wallMs,
      iterationsPerSecond: rows.length / (wallMs / 1000),
      overheadP50: median(overheads),
      overheadP95: quantile(overheads, 0.95),
      gapP50: median(gaps),
      peakRssMb: Math.max(...runners.map((runner) => residentMb(runner.pid!, "VmHWM"))),
      statements: await statementsSent(db),
      runnerCpuMs: (sumCpu(cpuAfter, "own") - sumCpu(cpuBefore.runners, "own")) * 1000,
      commandsCpuMs: (sumCpu(cpuAfter, "below") - sumCpu(cpuBefore.runners, "below")) * 1000,
      postgresCpuMs: postgresCpu * 1000,
      warmupRunnerCpuMsPerIteration: warmup,
    };
  } finally {
    await stopRunners(runners);
  }
}

async function stopRunners(runners: ChildProcess[]): Promise<void> {
  await Promise.all(runners.map(stopProcess));
}

// Statements the app's role (the runners) sent since the last reset, utility ones (BEGIN, COMMIT, LISTEN) included, not
// what Postgres ran inside them (foreign key checks). BENCH_STATEMENTS_TOP=N prints the N most frequent.
async function statementsSent(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ calls: bigint | null }[]>`
    SELECT sum(s.calls)::bigint AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = ${APP_ROLE}`;
  if (process.env.BENCH_STATEMENTS_TOP) {
    const top = await db.$queryRaw<{ calls: bigint; query: string }[]>`
      SELECT s.calls, left(regexp_replace(s.query, '\s+', ' ', 'g'), 140) AS query FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
      WHERE r.rolname = ${APP_ROLE} ORDER BY s.calls DESC LIMIT ${Number(process.env.BENCH_STATEMENTS_TOP)}`;
    for (const each of top) console.log(`${String(each.calls).padStart(7)}  ${each.query}`);
  }
  return Number(row?.calls ?? 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

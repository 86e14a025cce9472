// `npm run bench:capacity` (issue 15): many slow loops at once on one Postgres. 500 goals whose agent sleeps 60 s,
// reconciled by 5 runner processes of 100 slots on the embedded Postgres, fsynced as the product runs it. Each goal
// records 2 iterations: its baseline (no agent, one `true` layer) and iteration 1, whose agent is the slow one; the
// target never holds, so every loop runs the slow agent exactly once and ends Exhausted. The goals are queued evenly
// over one agent's time (so at its end all 500 loops are in flight, and iterations start and end at the rate 500
// one-minute loops turn over: the steady state), or all in one commit with --ramp-seconds 0 (the worst case: 500
// baselines at once, and 500 agents ending within seconds of each other). Reports the iteration
// overhead (wall time minus the agent's and the layer's own time, as bench:loop defines it; target p99 < 1 s), how
// many loops ran at once, Postgres's share of the machine's CPU (/proc, every postgres process, over the run's wall
// time), the connections in pg_stat_activity against max_connections, the runners' peak memory and the wall time.
// Prints each figure, then one JSON line of them all.
//
// Options (flags, or the BENCH_* variable in brackets as the other benches take them):
//   --goals N            goals queued at once (BENCH_GOALS, default 500)
//   --runners N          runner processes (BENCH_RUNNERS, default 5)
//   --slots N            slots per runner (BENCH_SLOTS, default 100)
//   --agent-seconds S    how long the stand-in agent sleeps (BENCH_AGENT_SECONDS, default 60)
//   --ramp-seconds S     queue the goals evenly over S seconds (BENCH_RAMP_SECONDS, default the agent's seconds;
//                        0: all at once)
//   --statements         also print the statements Postgres spent most time on (pg_stat_statements; BENCH_STATEMENTS=1)
// The runners take SETPOINT_DB_POOL (default 10) connections each plus one for LISTEN, from this environment: 5 × 11
// fit the embedded Postgres's max_connections (200), and the bench refuses to start when they would not.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { dbPoolSize } from "../server/config";
import { createDb, type Db } from "../server/db/client";
import { startEmbeddedPostgres, takeOverShutdownSignals, type EmbeddedDatabase } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { APP_ROLE } from "../server/db/postgres-credentials";
import { applyGoals } from "../server/goals/apply-goal";
import type { GoalManifest } from "../server/spec/goal-spec";
import { makeRepository, startRunnerProcesses, stopProcess } from "./bench-setup";
import { createFigures, median, quantile } from "./figures";
import { describeEnds, loopGoals, namesOf, readIterationTimes, waitUntilEnded, type IterationTime } from "./loop-goals";
import { machineBusySeconds, postmasterPid, residentMb, treeCpuSeconds } from "./proc-stats";
import { removeGoalUsersOf } from "../server/runner/goal-user";
import { reportSteps } from "./step-report";

const { values: args } = parseArgs({
  options: {
    goals: { type: "string", default: process.env.BENCH_GOALS ?? "500" },
    runners: { type: "string", default: process.env.BENCH_RUNNERS ?? "5" },
    slots: { type: "string", default: process.env.BENCH_SLOTS ?? "100" },
    "agent-seconds": { type: "string", default: process.env.BENCH_AGENT_SECONDS ?? "60" },
    "ramp-seconds": { type: "string", default: process.env.BENCH_RAMP_SECONDS },
    statements: { type: "boolean", default: process.env.BENCH_STATEMENTS === "1" },
  },
});

function positive(name: keyof typeof args, whole: boolean): number {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value)))
    throw new Error(`--${name} must be a ${whole ? "whole " : ""}number above 0, found '${args[name]}'`);
  return value;
}

// Default: the agent's time, so goals arrive as a fleet of loops of that length turns over. 0: all in one commit.
function rampSeconds(agentSeconds: number): number {
  const given = args["ramp-seconds"];
  if (given === undefined) return agentSeconds;
  const value = Number(given);
  if (given.trim() === "" || !Number.isFinite(value) || value < 0) throw new Error(`--ramp-seconds must be a number of 0 or more, found '${given}'`);
  return value;
}

const PREFIX = "cap";
const SAMPLE_MS = 500;
const BENCH_CONNECTIONS = 4;
const { figures, record } = createFigures();

async function main(): Promise<void> {
  const options = {
    goals: positive("goals", true),
    runners: positive("runners", true),
    slots: positive("slots", true),
    agentSeconds: positive("agent-seconds", false),
  };
  const ramp = rampSeconds(options.agentSeconds);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-capacity-"));
  const runners: ChildProcess[] = [];
  let postgres: EmbeddedDatabase | undefined;
  // Ctrl-C: no runner, agent (its runner's spawn helper kills them) nor Postgres left behind, no temp folder.
  takeOverShutdownSignals();
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      for (const runner of runners) runner.kill("SIGKILL");
      void (postgres?.stop() ?? Promise.resolve()).finally(() => {
        fs.rmSync(scratch, { recursive: true, force: true });
        process.exit(130);
      });
    });
  postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"), {
    flags: args.statements ? ["-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.max=1000"] : [],
  });
  // The runners time each iteration's steps into this file (server/runner/step-trace.ts), reported after the figures.
  const stepTrace = path.join(scratch, "steps.jsonl");
  process.env.SETPOINT_STEP_TRACE = stepTrace;
  // The bench reads as the superuser, so the app role's connections in pg_stat_activity are the runners' alone.
  const { db, pool } = createDb(postgres.adminUrl, BENCH_CONNECTIONS);
  try {
    await migrate(postgres.url);
    if (args.statements) await db.$executeRawUnsafe("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const maxConnections = await checkConnectionBudget(db, options.runners);
    record(
      "maxConnections",
      maxConnections,
      "connections",
      `the server's max_connections; runners take up to ${options.runners} × (SETPOINT_DB_POOL ${dbPoolSize()} + 1 LISTEN)`,
    );
    const template = await makeRepository(path.join(scratch, "template"));
    const manifests = loopGoals({
      prefix: PREFIX,
      count: options.goals,
      template,
      reposDir: path.join(scratch, "repos"),
      agentCommand: `sleep ${options.agentSeconds}`,
      maxIterations: 1,
    });
    runners.push(...(await startRunnerProcesses(postgres.url, path.join(scratch, "work"), options.runners, options.slots)));
    console.log(
      `${options.goals} goals × (baseline + 1 iteration whose agent sleeps ${options.agentSeconds} s), one \`true\` layer, queued ${ramp > 0 ? `evenly over ${ramp} s` : "in one commit"}; ${options.runners} runner processes × ${options.slots} slots; load average ${os.loadavg()[0].toFixed(2)} at the start\n`,
    );
    const postmaster = postmasterPid(path.join(scratch, "pg-root", "pg"));
    const runnersCpu = () => runners.reduce((sum, runner) => sum + treeCpuSeconds(runner.pid!), 0);
    const before = { at: Date.now(), postgres: treeCpuSeconds(postmaster), runners: runnersCpu(), machine: machineBusySeconds() };
    const sampler = startSampling(db);
    try {
      await queueOverRamp(db, manifests, ramp * 1000);
      await waitUntilEnded(db, PREFIX, runners, (options.agentSeconds + ramp) * 1000 + 15 * 60_000);
    } finally {
      await sampler.stop();
    }
    const wallSeconds = (Date.now() - before.at) / 1000;
    const cores = os.cpus().length;
    const postgresCpu = treeCpuSeconds(postmaster) - before.postgres;
    const runnerCpu = runnersCpu() - before.runners;
    const machineCpu = machineBusySeconds() - before.machine;
    const runnerRssMb = Math.max(...runners.map((runner) => residentMb(runner.pid!, "VmHWM")));
    const rows = await readIterationTimes(db, PREFIX);
    // A goal that did not end Exhausted stopped on errors (three in a row fail it): counted and said, not hidden.
    const [{ failed }] = await db.$queryRaw<{ failed: number }[]>`
      SELECT count(*)::int AS failed FROM "Goal" WHERE name LIKE ${namesOf(PREFIX)} AND phase <> 'Exhausted'`;
    record("goalsFailed", failed, "goals", failed > 0 ? `target 0; ${rows.length} of ${options.goals * 2} iterations recorded; the goals ended:` : "target 0");
    if (failed > 0) console.log(`${await describeEnds(db, PREFIX)}\n`);
    reportOverhead(rows);
    const agents = rows.filter((row) => row.number > 0);
    record("concurrentLoopsMax", sampler.peak.running, "goals", `most goals Running at once (sampled every ${SAMPLE_MS} ms)`);
    record("concurrentAgentsMax", maxOverlap(agents), "iterations", "most slow iterations under way at once (from their start and end times)");
    record(
      "postgresCpuPercent",
      (postgresCpu / (wallSeconds * cores)) * 100,
      "%",
      `${postgresCpu.toFixed(1)} CPU s of every postgres process over ${wallSeconds.toFixed(0)} s on ${cores} cores`,
    );
    record(
      "runnersCpuPercent",
      (runnerCpu / (wallSeconds * cores)) * 100,
      "%",
      `${runnerCpu.toFixed(1)} CPU s of the runner processes and all they started (spawn helpers, git, agents, layers)`,
    );
    record("machineCpuPercent", (machineCpu / (wallSeconds * cores)) * 100, "%", "the whole machine busy over the same time (other work included)");
    record("connectionsMax", sampler.peak.connections, "connections", "most client connections in pg_stat_activity at once (the bench's own included)");
    record(
      "runnerConnectionsMax",
      sampler.peak.runnerConnections,
      "connections",
      `of them the runners' (pools and LISTEN), against max_connections ${maxConnections}`,
    );
    record("transactionMsMax", sampler.peak.transactionMs, "ms", `the oldest open transaction of a runner seen by a sample (${sampler.peak.transactionState})`);
    record("runnerRssMb", runnerRssMb, "MB", `peak resident memory of the largest runner process (${options.slots} loops)`);
    record("wallSeconds", wallSeconds, "s", "from queuing the goals to the last one's end");
    record("loadAverageMax", sampler.peak.load, "", "the 1-minute load average, highest seen during the run");
    reportSteps(stepTrace, rows);
    if (args.statements) await reportStatements(db);
    console.log(
      `\n${JSON.stringify({ bench: "capacity", goals: options.goals, runners: options.runners, slots: options.slots, agentSeconds: options.agentSeconds, rampSeconds: ramp, pool: dbPoolSize(), ...figures })}`,
    );
  } finally {
    await Promise.all(runners.map(stopProcess));
    await removeGoalUsersOf(db);
    await db.$disconnect();
    await pool.end();
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// Every iteration's overhead, and the baselines' and the slow iterations' apart: they meet different crowds
// (a baseline starts as its goal is queued; a slow iteration ends an agent's time later, among the others' ends).
function reportOverhead(rows: IterationTime[]): void {
  const overheads = (number: (n: number) => boolean) => rows.filter((row) => number(row.number)).map((row) => row.overheadMs);
  const all = overheads(() => true);
  record("overheadMsP50", median(all), "ms", `of ${all.length} iterations`);
  record("overheadMsP99", quantile(all, 0.99), "ms", `target < 1,000 ms; worst ${Math.max(...all).toFixed(0)} ms`);
  for (const [name, which] of [
    ["Baseline", (n: number) => n === 0],
    ["Agent", (n: number) => n > 0],
  ] as const) {
    const part = overheads(which);
    record(
      `overheadMsP50_${name.toLowerCase()}`,
      median(part),
      "ms",
      `p99 ${quantile(part, 0.99).toFixed(0)} ms; the ${name === "Baseline" ? "baselines" : "slow iterations"} only`,
    );
    figures[`overheadMsP99_${name.toLowerCase()}`] = Math.round(quantile(part, 0.99));
  }
}

// Where Postgres's time went: the runners' statements by total execution time, with their calls and mean.
async function reportStatements(db: Db): Promise<void> {
  const rows = await db.$queryRaw<{ calls: number; totalMs: number; meanMs: number; query: string }[]>`
    SELECT calls::int, total_exec_time::float8 AS "totalMs", mean_exec_time::float8 AS "meanMs", regexp_replace(query, '[[:space:]]+', ' ', 'g') AS query
    FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = ${APP_ROLE}
    ORDER BY total_exec_time DESC LIMIT 15`;
  console.log("the runners' statements by Postgres's time (calls, total ms, mean ms, statement):");
  for (const row of rows)
    console.log(`${String(row.calls).padStart(7)} ${row.totalMs.toFixed(0).padStart(8)} ${row.meanMs.toFixed(2).padStart(7)}  ${row.query.slice(0, 160)}`);
}

// Goal i is queued at i/n of the ramp; goals that fell due together (a slow apply) go in one commit.
async function queueOverRamp(db: Db, manifests: GoalManifest[], rampMs: number): Promise<void> {
  const start = Date.now();
  let queued = 0;
  while (queued < manifests.length) {
    const due = rampMs === 0 ? manifests.length : Math.min(manifests.length, Math.floor(((Date.now() - start) / rampMs) * manifests.length) + 1);
    if (due > queued) {
      await applyGoals(db, manifests.slice(queued, due), "bench");
      queued = due;
    } else await new Promise((resolve) => setTimeout(resolve, start + (queued * rampMs) / manifests.length - Date.now()));
  }
}

// The most intervals open at one instant: a sweep over their starts (+1) and ends (-1), ends first on a tie.
function maxOverlap(rows: IterationTime[]): number {
  const edges = rows.flatMap((row) => [
    [row.startedAt, 1],
    [row.finishedAt, -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let most = 0;
  for (const [, step] of edges) {
    open += step;
    most = Math.max(most, open);
  }
  return most;
}

// The runners' pools and LISTEN connections, the bench's own and one migration at a time must fit under what the
// server allows its non-superusers.
async function checkConnectionBudget(db: Db, runners: number): Promise<number> {
  const [{ max, reserved }] = await db.$queryRaw<{ max: number; reserved: number }[]>`
    SELECT current_setting('max_connections')::int AS max, current_setting('superuser_reserved_connections')::int AS reserved`;
  const needed = runners * (dbPoolSize() + 1) + BENCH_CONNECTIONS + 1;
  if (needed > max - reserved)
    throw new Error(
      `${runners} runners × (SETPOINT_DB_POOL ${dbPoolSize()} + 1 LISTEN) + ${BENCH_CONNECTIONS + 1} for the bench need ${needed} connections, more than the ${max - reserved} max_connections leaves: lower SETPOINT_DB_POOL or --runners`,
    );
  return max;
}

type Peak = { running: number; connections: number; runnerConnections: number; transactionMs: number; transactionState: string; load: number };

// Twice a second: goals Running, client connections (all, and the runners' role), the runners' oldest open
// transaction (active: Postgres is working on it; idle in transaction: waiting for the runner's next statement),
// the load average.
function startSampling(db: Db): { peak: Peak; stop: () => Promise<void> } {
  const peak: Peak = { running: 0, connections: 0, runnerConnections: 0, transactionMs: 0, transactionState: "none", load: 0 };
  let inFlight: Promise<void> | undefined;
  const sample = async () => {
    const [row] = await db.$queryRaw<
      { running: number; connections: number; runnerConnections: number; transactionMs: number | null; transactionState: string | null }[]
    >`
      SELECT (SELECT count(*)::int FROM "Goal" WHERE name LIKE ${namesOf(PREFIX)} AND phase = 'Running') AS running,
             count(*)::int AS connections, (count(*) FILTER (WHERE usename = ${APP_ROLE}))::int AS "runnerConnections",
             (max(extract(epoch FROM now() - xact_start) * 1000) FILTER (WHERE usename = ${APP_ROLE}))::float8 AS "transactionMs",
             (array_agg(state ORDER BY xact_start) FILTER (WHERE usename = ${APP_ROLE} AND xact_start IS NOT NULL))[1] AS "transactionState"
      FROM pg_stat_activity WHERE backend_type = 'client backend'`;
    if ((row.transactionMs ?? 0) > peak.transactionMs) {
      peak.transactionMs = row.transactionMs ?? 0;
      peak.transactionState = row.transactionState ?? "none";
    }
    peak.running = Math.max(peak.running, row.running);
    peak.connections = Math.max(peak.connections, row.connections);
    peak.runnerConnections = Math.max(peak.runnerConnections, row.runnerConnections);
    peak.load = Math.max(peak.load, os.loadavg()[0]);
  };
  // A sample still running when the next is due (a busy machine) is not queued behind: that tick is skipped.
  const timer = setInterval(() => {
    inFlight ??= sample()
      .catch((error) => console.error(`a sample failed: ${(error as Error).message}`))
      .finally(() => {
        inFlight = undefined;
      });
  }, SAMPLE_MS);
  return {
    peak,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

// `npm run chaos`: faults on purpose, then the books. Runner processes reconcile stand-in goals (a shell
// agent that appends a line per iteration, converging in 2–5 iterations) on their own embedded Postgres,
// fsynced as the product runs it, while a random runner is killed with SIGKILL every few seconds (a new
// one started in its place), Postgres is restarted once half-way, and at three quarters one runner is
// frozen (SIGSTOP) past its lease and then let go on (SIGCONT): presumed dead, it must write nothing for
// the goals taken over meanwhile. Then the faults stop, every goal must end, and the rows are counted
// (scripts/chaos/read-books.ts):
//   goals, terminal, converged   every goal ends, and converges: faults cost time, never the result
//   lost                         iteration starts with no outcome (evaluated, agent failed, or interrupted
//                                and started again), plus iterations never evaluated: must be 0
//   duplicates                   an iteration number used twice, or an iteration with two outcomes: must be 0
//   miscounted                   an iteration whose file holds other than its number of lines (an edit lost
//                                or applied twice): must be 0
//   runnerErrors                 errors a runner did not expect (RunnerError events; a write refused by a
//                                constraint is one): must be 0
//   kills, killsMidIteration     SIGKILLs sent, and how many of them landed while an iteration ran
//   pausedLeasesLost             goals the frozen runner found taken over when it went on (its log says so)
//   maxRecoverySeconds           for each goal a killed (or frozen) runner held, from the fault to its takeover:
//                                another runner's claim (the goal's epoch, polled twice a second) or a
//                                runner's first write for it, whichever came first; the worst one, at most 60
// Prints a line per fault, then one JSON line; exits 1 when any of those fails.
//
// Options:
//   --minutes N         how long the faults go on (default 3)
//   --goals N           goals queued at the start (default 100); whenever fewer than runners × slots are
//                       still open, as many more are queued, so iterations are in flight until the faults stop
//   --runners N         runner processes (default 4)
//   --slots N           slots per runner (default 2)
//   --kill-every S      seconds between SIGKILLs (default 5)
//   --agent-seconds S   how long the stand-in agent thinks in each iteration (default 1.5)
//   --settle-minutes M  once the faults stop, how long the goals have to end (default 10)
//   --keep              keep the temp folder (database, repositories, runner logs) and print where it is
// The runners read SETPOINT_LEASE_SECONDS from the environment (default 30): a kill is recovered when the
// dead runner's leases expire, so a short lease makes a short run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median } from "../bench/figures";
import { leaseSeconds } from "../server/config";
import { takeOverShutdownSignals } from "../server/db/embedded-postgres";
import { ChaosCluster, sleep, whileUp } from "./chaos/chaos-cluster";
import { readBooks } from "./chaos/read-books";

const MAX_RECOVERY_SECONDS = 60;
const PAUSE_PAST_LEASE_MS = 15_000; // time enough for another runner to take its goals over

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "3" },
    goals: { type: "string", default: "100" },
    runners: { type: "string", default: "4" },
    slots: { type: "string", default: "2" },
    "kill-every": { type: "string", default: "5" },
    "agent-seconds": { type: "string", default: "1.5" },
    "settle-minutes": { type: "string", default: "10" },
    keep: { type: "boolean", default: false },
  },
});
const options = {
  minutes: positive("minutes"),
  goals: Math.round(positive("goals")),
  runners: Math.round(positive("runners")),
  slots: Math.round(positive("slots")),
  killEverySeconds: positive("kill-every"),
  agentSeconds: positive("agent-seconds"),
  settleMinutes: positive("settle-minutes"),
};

function positive(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a number above 0, found '${args[name]}'`);
  return value;
}

const startedAt = Date.now();
const say = (line: string) => console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${line}`);

async function faults(chaos: ChaosCluster): Promise<void> {
  const floor = options.runners * options.slots; // enough to keep every slot busy
  const began = Date.now();
  const end = began + options.minutes * 60_000;
  const restartAt = began + options.minutes * 30_000;
  const pauseAt = began + options.minutes * 45_000;
  let paused = false;
  const every = options.killEverySeconds * 1000;
  let lastSaid = began;
  for (;;) {
    // On the beat: a beat missed while Postgres restarted is skipped, not made up in a burst.
    await sleep(every - ((Date.now() - began) % every));
    if (Date.now() >= end) return;
    await chaos.killOne();
    if (chaos.postgresRestarts === 0 && Date.now() >= restartAt) await chaos.restartPostgres();
    if (!paused && Date.now() >= pauseAt) {
      paused = true;
      await chaos.pauseOne(leaseSeconds() * 1000 + PAUSE_PAST_LEASE_MS);
    }
    const open = await chaos.openGoals();
    if (open < floor) {
      await chaos.queueGoals(floor);
      say(`${open} goals open: queued ${floor} more`);
    }
    if (Date.now() - lastSaid >= 30_000) {
      say(await chaos.progress());
      lastSaid = Date.now();
    }
  }
}

async function settle(chaos: ChaosCluster): Promise<number> {
  const deadline = Date.now() + options.settleMinutes * 60_000;
  let lastSaid = 0;
  for (;;) {
    const open = await chaos.openGoals();
    if ((open === 0 && chaos.pausesOver()) || Date.now() > deadline) return open;
    if (Date.now() - lastSaid >= 30_000) {
      say(`faults stopped; ${await chaos.progress()}`);
      lastSaid = Date.now();
    }
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-chaos-"));
  const chaos = new ChaosCluster({ scratch, slots: options.slots, agentSeconds: options.agentSeconds, say });
  // Ctrl-C must not leave runner processes behind (embedded-postgres would exit at once otherwise).
  takeOverShutdownSignals();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      chaos.kill();
      void chaos.postgres?.stop().finally(() => {
        if (!args.keep) fs.rmSync(scratch, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  let ok = false;
  try {
    await chaos.start(options.runners);
    say(
      `${options.runners} runners of ${options.slots} slots, lease ${leaseSeconds()} s; a SIGKILL every ${options.killEverySeconds} s for ${options.minutes} min, Postgres restarted half-way`,
    );
    await chaos.queueGoals(options.goals);
    say(`${options.goals} goals queued (2–5 edits each, the agent thinks ${options.agentSeconds} s per iteration)`);
    await faults(chaos);
    say(`faults stopped after ${chaos.kills().length} kills`);
    await settle(chaos);
    const books = await whileUp(() => readBooks(chaos.db, chaos.faults, chaos.claims));
    books.recoveries.forEach((seconds, index) => {
      const fault = chaos.faults[index];
      const resumed = seconds.map((value) => (value === null ? "never" : `${value.toFixed(1)} s`)).join(", ");
      say(
        `${fault.kind} at ${((fault.at - startedAt) / 1000).toFixed(0)} s: ${seconds.length ? `its goals were taken over after ${resumed}` : "it held no goals"}`,
      );
    });
    const recoverySeconds = books.recoveries.flat().filter((value) => value !== null);
    const unrecovered = books.recoveries.flat().length - recoverySeconds.length;
    const maxRecoverySeconds = unrecovered > 0 ? null : round(Math.max(0, ...recoverySeconds));
    const result = {
      bench: "chaos",
      minutes: options.minutes,
      runners: options.runners,
      slots: options.slots,
      killEverySeconds: options.killEverySeconds,
      leaseSeconds: leaseSeconds(),
      goals: books.goals,
      terminal: books.terminal,
      converged: books.converged,
      lost: books.lost,
      duplicates: books.duplicates,
      miscounted: books.miscounted,
      runnerErrors: books.runnerErrors,
      kills: chaos.kills().length,
      killsMidIteration: chaos.kills().filter((kill) => kill.midIteration > 0).length,
      pauses: chaos.faults.length - chaos.kills().length,
      pausedLeasesLost: chaos.leasesLostByPaused(),
      maxRecoverySeconds,
      medianRecoverySeconds: recoverySeconds.length ? round(median(recoverySeconds)) : null,
      unrecovered,
      iterations: books.iterations,
      attempts: books.attempts,
      abandoned: books.abandoned,
      postgresRestarts: chaos.postgresRestarts,
      postgresDownSeconds: round(chaos.postgresDownSeconds),
      runnerCrashes: chaos.crashes,
      wallSeconds: round((Date.now() - startedAt) / 1000),
      phases: books.phases,
    };
    const failures = [
      ...(result.terminal < result.goals
        ? [`${result.goals - result.terminal} of ${result.goals} goals did not end within ${options.settleMinutes} min of the last fault`]
        : []),
      ...(result.converged < result.terminal ? [`${result.terminal - result.converged} goals ended without converging: ${JSON.stringify(books.phases)}`] : []),
      ...(result.lost > 0 ? [`${result.lost} iterations were started and never got an outcome`] : []),
      ...(result.duplicates > 0 ? [`${result.duplicates} duplicates: an iteration number used twice, or an iteration with two outcomes`] : []),
      ...(result.miscounted > 0 ? [`${result.miscounted} iterations measured another number of edits than their number`] : []),
      ...(result.runnerErrors > 0 ? [`runners hit ${result.runnerErrors} errors they did not expect (RunnerError events)`] : []),
      ...(maxRecoverySeconds === null ? [`${unrecovered} goals held by a killed runner were never worked on again`] : []),
      ...(maxRecoverySeconds !== null && maxRecoverySeconds > MAX_RECOVERY_SECONDS
        ? [`a killed runner's goal waited ${maxRecoverySeconds} s for another runner (at most ${MAX_RECOVERY_SECONDS})`]
        : []),
      ...(result.runnerCrashes > 0 ? [`${result.runnerCrashes} runners exited without being killed`] : []),
      ...(result.postgresRestarts !== 1 ? ["Postgres was not restarted (the run was too short to reach half-way)"] : []),
    ];
    ok = failures.length === 0;
    for (const failure of failures) say(`FAILED: ${failure}`);
    if (ok) say(`all ${result.goals} goals converged; nothing lost or done twice; the slowest takeover took ${maxRecoverySeconds} s`);
    console.log(JSON.stringify({ ...result, ok }));
  } finally {
    await chaos.stop().catch((error) => say(`stopping: ${(error as Error).message}`));
    if (args.keep) say(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

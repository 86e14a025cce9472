// The chaos run's cluster: its embedded Postgres, the runner processes alive, and the faults done to
// them (SIGKILL, SIGSTOP past the lease, a Postgres restart), each written down for the books.
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { makeRepository, startRunner, stopProcess, type RunnerProcess } from "../../bench/bench-setup";
import { createDb, type Db } from "../../server/db/client";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded-postgres";
import { migrate } from "../../server/db/migrate";
import { applyGoals } from "../../server/goals/apply-goal";
import { TERMINAL_PHASES } from "../../server/loop/types";
import { heartbeatMs, isConnectionError } from "../../server/queue/lease";
import { heldBy, type Claim, type Fault } from "./read-books";
import { editsFor, standInGoal } from "./stand-in-goal";
import { removeGoalUsersOf } from "../../server/runner/goal-user";

const POSTGRES_DOWN_MS = 2000;
const CLAIM_POLL_MS = 500;

export type ClusterOptions = { scratch: string; slots: number; agentSeconds: number; say: (line: string) => void };

// A COMMIT the runner sent just before it was stopped still lands: read what it held after that, or a
// goal that converged in that instant counts as held and "never taken over".
const COMMIT_SETTLE_MS = 250;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class ChaosCluster {
  postgres!: EmbeddedDatabase;
  db!: Db;
  readonly faults: Fault[] = [];
  // Per goal, each new holder as polled: a takeover is seen within half a second, even when its new
  // holder is killed before it writes anything.
  readonly claims = new Map<string, Claim[]>();
  crashes = 0;
  postgresRestarts = 0;
  postgresDownSeconds = 0;
  private pool!: pg.Pool;
  private readonly pgRoot: string;
  private readonly scratch: string;
  private readonly say: (line: string) => void;
  private readonly live = new Map<string, RunnerProcess>();
  private readonly paused = new Map<string, RunnerProcess>();
  private readonly starting = new Set<Promise<void>>();
  private readonly logFiles = new Map<string, string>();
  private pausedLog: { file: string; from: number } | undefined;
  private resumedAt = 0;
  private template = "";
  private nextGoal = 0;
  private runnerCount = 0;
  private stopping = false;
  private readonly epochs = new Map<string, number>();
  private watcher: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: ClusterOptions) {
    this.scratch = options.scratch;
    this.pgRoot = path.join(options.scratch, "pg-root");
    this.say = options.say;
  }

  async start(runners: number): Promise<void> {
    this.postgres = await startEmbeddedPostgres(this.pgRoot);
    await migrate(this.postgres.url);
    ({ db: this.db, pool: this.pool } = createDb(this.postgres.url, 4));
    this.template = await makeRepository(path.join(this.scratch, "template"));
    await Promise.all(Array.from({ length: runners }, () => this.startRunner()));
    this.watcher = setInterval(() => void this.pollClaims(), CLAIM_POLL_MS);
  }

  // A claim bumps the goal's epoch; the time noted is when the poll saw it, a little after the claim.
  private async pollClaims(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows = await this.db.goal.findMany({ select: { id: true, leaseOwner: true, leaseEpoch: true } });
      const at = Date.now();
      for (const row of rows) {
        if ((this.epochs.get(row.id) ?? 0) === row.leaseEpoch) continue;
        this.epochs.set(row.id, row.leaseEpoch);
        if (row.leaseOwner) this.claims.set(row.id, [...(this.claims.get(row.id) ?? []), { at, owner: row.leaseOwner }]);
      }
    } catch {
      // Postgres restarting: the next poll sees what changed meanwhile.
    } finally {
      this.polling = false;
    }
  }

  // A repository per goal, as goals on real repositories would have.
  async queueGoals(count: number): Promise<void> {
    const manifests = Array.from({ length: count }, () => {
      const index = this.nextGoal++;
      const name = `chaos-${index}`;
      const repo = path.join(this.scratch, "repos", name);
      fs.cpSync(this.template, repo, { recursive: true });
      return standInGoal(name, repo, editsFor(index), this.options.agentSeconds);
    });
    await whileUp(() => applyGoals(this.db, manifests, "chaos"));
  }

  async openGoals(): Promise<number> {
    return whileUp(() => this.db.goal.count({ where: { phase: { notIn: [...TERMINAL_PHASES] } } }));
  }

  async progress(): Promise<string> {
    const [evaluated, converged, open] = await whileUp(() =>
      Promise.all([this.db.iteration.count({ where: { phase: "Evaluated" } }), this.db.goal.count({ where: { phase: "Converged" } }), this.openGoals()]),
    );
    return `${evaluated} iterations evaluated, ${converged} goals converged, ${open} open`;
  }

  // Tries until it starts: a runner started while Postgres is down exits at once (its migration fails).
  async startRunner(): Promise<void> {
    const attempt = (async () => {
      for (;;) {
        try {
          const logFile = path.join(this.scratch, `runner-${++this.runnerCount}.log`);
          const runner = await startRunner(this.postgres.url, path.join(this.scratch, "work"), this.options.slots, { logFile });
          if (this.stopping) return void runner.child.kill("SIGKILL");
          this.live.set(runner.id, runner);
          this.logFiles.set(runner.id, logFile);
          runner.child.once("exit", () => this.exited(runner));
          return;
        } catch (error) {
          if (this.stopping) return;
          this.say(`a runner did not start (${(error as Error).message.split("\n")[0]}); trying again`);
          await sleep(1000);
        }
      }
    })();
    this.starting.add(attempt);
    await attempt;
    this.starting.delete(attempt);
  }

  // A runner that dies without being killed is a crash: counted, and replaced so the run goes on.
  private exited(runner: RunnerProcess): void {
    if (!this.live.delete(runner.id) || this.stopping) return;
    this.crashes += 1;
    this.say(`runner ${runner.id} exited by itself (${runner.child.exitCode ?? runner.child.signalCode}); see its log in ${this.scratch}`);
    void this.startRunner();
  }

  async killOne(): Promise<void> {
    const runner = this.pick([...this.live.keys()]);
    if (!runner) return this.say("no runner has started yet to kill");
    const exited = new Promise((resolve) => runner.child.once("exit", resolve));
    const at = Date.now();
    runner.child.kill("SIGKILL");
    await exited;
    // A dead runner's leases stay on its goals until they expire, so they say what it held.
    await sleep(COMMIT_SETTLE_MS);
    const held = await whileUp(() => heldBy(this.db, runner.id));
    this.faults.push({ kind: "kill", at, runnerId: runner.id, ...held });
    void this.startRunner();
    this.say(`kill ${this.kills().length}: runner ${runner.id} held ${held.heldGoalIds.length} goal(s), ${held.midIteration} mid-iteration`);
  }

  // The goals a frozen runner found taken over when it went on, by its own log: it let go of them.
  leasesLostByPaused(): number {
    if (!this.pausedLog) return 0;
    const text = fs.readFileSync(this.pausedLog.file).subarray(this.pausedLog.from).toString();
    const goals = [...text.matchAll(/lost the lease on (\S+);|lease on goal '([^']+)'.* was lost/g)].map((match) => match[1] ?? match[2]);
    return new Set(goals).size;
  }

  // A random one of `ids`, no longer counted alive: it is about to be killed or frozen.
  private pick(ids: string[]): RunnerProcess | undefined {
    const runner = this.live.get(ids[Math.floor(Math.random() * ids.length)]);
    if (runner) this.live.delete(runner.id);
    return runner;
  }

  // No runner frozen, and the last one let go on long enough ago to have renewed (or lost) its leases.
  pausesOver(): boolean {
    return this.paused.size === 0 && Date.now() > this.resumedAt + heartbeatMs() + 2000;
  }

  kills(): Fault[] {
    return this.faults.filter((fault) => fault.kind === "kill");
  }

  // A runner presumed dead that wakes up later: frozen past its lease, its goals are taken over, and when
  // it goes on it must write nothing for them (the epoch fence). It is not killed meanwhile.
  async pauseOne(ms: number): Promise<void> {
    // One that holds goals, or the pause would prove nothing.
    const holders = await whileUp(() => this.db.goal.findMany({ where: { leaseOwner: { in: [...this.live.keys()] } }, select: { leaseOwner: true } }));
    const runner = this.pick(holders.length ? [...new Set(holders.map((row) => row.leaseOwner!))] : [...this.live.keys()]);
    if (!runner) return this.say("no runner has started yet to pause");
    this.paused.set(runner.id, runner);
    const file = this.logFiles.get(runner.id)!;
    this.pausedLog = { file, from: fs.statSync(file).size };
    const at = Date.now();
    runner.child.kill("SIGSTOP");
    await sleep(COMMIT_SETTLE_MS);
    const held = await whileUp(() => heldBy(this.db, runner.id));
    this.faults.push({ kind: "pause", at, runnerId: runner.id, ...held });
    this.say(
      `paused runner ${runner.id} (SIGSTOP) for ${(ms / 1000).toFixed(0)} s; it held ${held.heldGoalIds.length} goal(s), ${held.midIteration} mid-iteration`,
    );
    setTimeout(() => {
      if (!this.paused.delete(runner.id)) return;
      runner.child.kill("SIGCONT");
      this.resumedAt = Date.now();
      if (runner.child.exitCode === null && !this.stopping) this.live.set(runner.id, runner);
      this.say(`runner ${runner.id} goes on (SIGCONT)`);
    }, ms);
  }

  // Stopped and started on the same data folder and port: the runners must reconnect by themselves.
  async restartPostgres(): Promise<void> {
    this.say("stopping Postgres");
    const downAt = Date.now();
    await this.postgres.stop();
    await sleep(POSTGRES_DOWN_MS);
    this.postgres = await startEmbeddedPostgres(this.pgRoot, { port: this.postgres.port });
    this.postgresDownSeconds = (Date.now() - downAt) / 1000;
    this.postgresRestarts += 1;
    this.say(`Postgres is back after ${this.postgresDownSeconds.toFixed(1)} s`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watcher);
    for (const runner of this.paused.values()) {
      runner.child.kill("SIGCONT");
      this.live.set(runner.id, runner);
    }
    this.paused.clear();
    await Promise.all(this.starting);
    await Promise.all([...this.live.values()].map((runner) => stopProcess(runner.child)));
    this.live.clear();
    if (this.db) await removeGoalUsersOf(this.db).catch((error) => this.say(`removing the goals' users: ${(error as Error).message}`));
    await this.db?.$disconnect();
    await this.pool?.end().catch(() => {});
    await this.postgres?.stop();
  }

  kill(): void {
    this.stopping = true;
    for (const runner of [...this.live.values(), ...this.paused.values()]) runner.child.kill("SIGKILL");
  }
}

// The script's own reads and writes wait out the Postgres restart too.
export async function whileUp<T>(action: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await action();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

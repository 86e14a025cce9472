// A runner process: N slots, each claiming one goal at a time and reconciling it. SIGTERM drains:
// slots finish their current iteration, hand their goals back to the queue, and exit.
import os from "node:os";
import { drainSeconds } from "../config";
import { makeTraversable } from "../files/make-traversable";
import type { PrismaClient } from "../generated/prisma/client";
import { sweepApprovalGates } from "../approvals/expire-approvals";
import { claimNextGoal, msUntilNextDue } from "../queue/claim-next-goal";
import { listenForWork } from "../queue/listen-for-work";
import { EarliestTimer } from "./earliest-timer";
import { NotificationSender, type SenderOptions } from "../notifications/notification-sender";
import { removeHomesOfDeletedGoals } from "./agent-home";
import { sweepPromptFolders } from "../executors/prompt-folders";
import { GOAL_USER_PREFIX } from "./goal-user";
import { resolveGoalUsers } from "./resolve-goal-users";
import { pidNamespaceFor } from "../process/pid-namespace";
import { runCommand } from "../process/run-command";
import type { LeaseKeeper } from "./lease-keeper";
import { heartbeatMs } from "../queue/lease";
import { RunnerMetrics } from "./runner-metrics";
import { claimDueResync } from "../queue/claim-due-resync";
import { claimCandidate } from "../queue/candidate-lease";
import { runCandidate } from "./run-candidate";
import { reconcileGoal, type ReconcileOptions } from "./reconcile-goal";
import { resyncGoal } from "./resync-goal";
import { logFailure, type RunnerContext } from "./runner-context";

export type RunnerOptions = {
  // pollMs: the safety poll of an idle runner, which NOTIFY otherwise wakes (default: safetyPollMs()).
  db: PrismaClient;
  databaseUrl: string;
  slots: number;
  workDir: string;
  id?: string;
  pollMs?: number;
  log?: (line: string) => void;
  notifications?: SenderOptions;
  // The slow safety sweep for approval gates past spec.approval.timeoutMinutes (between sweeps the runner
  // waits for the next known timeout, or for one of its goals to park), and its clock (tests move it).
  approvalSweepMs?: number;
  clock?: () => Date;
};

const APPROVAL_SWEEP_MS = 60_000;

// An idle runner is woken by NOTIFY; this poll only catches a lost notification and a dead runner's
// expired lease (which sends none), so a takeover still comes within a lease and a half.
export function safetyPollMs(): number {
  return Math.min(30_000, heartbeatMs() * 1.5);
}

// The Runners page calls a runner dead after a lease without a heartbeat.
function runnerHeartbeatMs(): number {
  return Math.min(10_000, heartbeatMs());
}

export class Runner {
  readonly id: string;
  private draining = false;
  private wakers = new Set<() => void>();
  private stopListening: (() => Promise<void>) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly approvalSweep = new EarliestTimer(() => void this.sweepApprovals());
  private sweepAgain = false;
  private sweeping = false;
  // The safety poll, a NOTIFY and the next due time each wake one sleeping slot; a slot that claims something
  // wakes the next (there may be more), so a burst is taken by a chain of claims, not by every idle slot of every
  // runner at once (with 100 idle slots each, one queued goal cost 5 runners 500 claim attempts).
  private safetyPoll: NodeJS.Timeout | undefined;
  // The earliest due time any slot saw (a backoff ending, a schedule, a lease nobody renews) wakes one slot,
  // which looks for the next.
  private readonly dueTimer = new EarliestTimer(() => this.wakeOne());
  private unansweredWake = false;
  private readonly metrics = new RunnerMetrics();
  private writingMetrics = false;
  private slots: Promise<void>[] = [];
  private keepers = new Set<LeaseKeeper>();
  // Who renews which goal's lease at once when that goal's request is NOTIFYd (RunnerContext.watchRequests).
  private requestWatchers = new Set<{ goalId: string; renew: () => void }>();
  // Aborts the candidates this runner works on for other goals' holders when a drain outlasts its grace.
  private readonly stopping = new AbortController();
  // Candidates this runner gave back because it cannot give them their goal's sandbox: never claimed again here.
  private readonly refusedCandidates = new Set<string>();
  private readonly ctx: RunnerContext;
  private readonly sender: NotificationSender;

  constructor(private readonly options: RunnerOptions) {
    this.id = options.id ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
    const log = options.log ?? ((line: string) => console.log(`[runner ${this.id}] ${line}`));
    // Who runs the goals' commands is settled in start(), before any slot runs.
    this.ctx = {
      db: options.db,
      runnerId: this.id,
      workDir: options.workDir,
      log,
      agentUsers: null,
      watchRequests: (goalId, renew) => this.watchRequests(goalId, renew),
    };
    this.sender = new NotificationSender(options.db, { log, workDir: options.workDir, ...options.notifications });
  }

  async start(): Promise<void> {
    const { db } = this.options;
    await this.settleAgentUser();
    await this.removeHomesOfDeletedGoals();
    const prompts = await sweepPromptFolders();
    if (prompts.length > 0) this.ctx.log(`removed ${prompts.length} prompt folder${prompts.length === 1 ? "" : "s"} left by runners that were killed`);
    await db.runner.upsert({
      where: { id: this.id },
      create: { id: this.id, host: os.hostname(), pid: process.pid, concurrency: this.options.slots },
      update: { heartbeatAt: new Date(), stoppedAt: null },
    });
    this.heartbeat = setInterval(() => void this.beat(), runnerHeartbeatMs());
    this.safetyPoll = setInterval(() => this.wakeOne(), this.options.pollMs ?? safetyPollMs());
    this.scheduleSweep(0);
    // A pause or cancel asked of a goal we hold: renew its lease now, which reads the request.
    this.stopListening = listenForWork(
      this.options.databaseUrl,
      {
        queue: () => this.wakeOne(),
        outbox: () => this.sender.wakeNow(),
        request: (goalId) => {
          for (const watcher of this.requestWatchers) if (goalId === null || watcher.goalId === goalId) watcher.renew();
        },
      },
      this.ctx.log,
    );
    this.slots = Array.from({ length: this.options.slots }, () => this.slotLoop());
    this.sender.start();
  }

  // The goals' commands run as their agent users, who must reach their worktrees and homes in the work folder.
  private async settleAgentUser(): Promise<void> {
    const { log, workDir } = this.ctx;
    const users = await resolveGoalUsers(log);
    this.ctx.agentUsers = users;
    // Probed as whom commands run when that is one user; a goal's own user is probed when its first command starts.
    void pidNamespaceFor(users?.shared ?? undefined).then((namespace) => {
      if ("problem" in namespace)
        log(
          `commands without sandbox: bwrap run without a PID namespace of their own, so a process an agent started that left its process group (setsid) can outlive it and change the worktree after the agent ended: ${namespace.problem}`,
        );
    });
    if (users) {
      try {
        for (const opened of makeTraversable(workDir))
          log(`gave the agent users passage (o+x, no listing) through ${opened} so the goals' commands can reach their worktrees`);
      } catch (error) {
        // Each goal then fails on the work folder itself, saying why.
        log(`could not open the work folder ${workDir} to the agent users: ${(error as Error).message}`);
      }
      if (users.shared)
        log(
          `the goals' commands run as ${users.shared.name} (uid ${users.shared.uid}), who cannot read the data folder's credentials; SETPOINT_AGENT_USER makes all goals share it, so one goal's commands can reach another's files`,
        );
      else
        log(
          `each goal's commands run as a system user of its own (${GOAL_USER_PREFIX}<its id>, made on first use), who cannot read the data folder's credentials nor reach another goal's files or processes`,
        );
    } else {
      log(
        `the goals' commands run as this runner's own user (it is not root, so there is nobody to switch to): a goal without sandbox: bwrap can act as the installation (read its token and database); prefer sandbox: bwrap`,
      );
    }
  }

  // Homes of goals deleted meanwhile (the web server removes those on its own machine). Listed before the
  // goals are read, so a home made after the listing is never taken for a deleted goal's.
  private async removeHomesOfDeletedGoals(): Promise<void> {
    const existing = async (ids: string[]) =>
      new Set((await this.options.db.goal.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((goal) => goal.id));
    const removed = await removeHomesOfDeletedGoals(this.ctx.workDir, existing, runCommand, this.ctx.log);
    if (removed.length > 0) this.ctx.log(`removed the homes of ${removed.length} deleted goal${removed.length === 1 ? "" : "s"}`);
  }

  // Stop claiming; let current iterations finish; give goals back. Resolves when every slot is idle.
  async drain(graceMs = drainGraceMs()): Promise<void> {
    this.draining = true;
    this.wakeAll();
    // An iteration that outlasts the grace period is stopped and recorded as interrupted, then redone elsewhere.
    const deadline = setTimeout(() => {
      for (const keeper of this.keepers) keeper.abort("the runner is shutting down");
      this.stopping.abort(new Error("the runner is shutting down"));
    }, graceMs);
    await Promise.all(this.slots);
    // Sends in flight finish; what is still due stays in the outbox for any runner.
    await this.sender.stop();
    clearTimeout(deadline);
    clearInterval(this.heartbeat);
    clearInterval(this.safetyPoll);
    this.dueTimer.cancel();
    // The last iterations' figures and count, which the next heartbeat would have written.
    await this.beat();
    this.approvalSweep.cancel();
    await this.stopListening?.();
    await this.options.db.runner
      .update({ where: { id: this.id }, data: { stoppedAt: new Date() } })
      .catch(logFailure(this.ctx, "record that this runner stopped"));
  }

  private async slotLoop(): Promise<void> {
    while (!this.draining) {
      try {
        const claimed = await claimNextGoal(this.options.db, this.id);
        if (claimed) {
          this.wakeOne();
          this.metrics.claimed(claimed);
          await this.metrics.working(() => reconcileGoal(this.ctx, claimed, this.reconcileOptions));
          // It may have parked at an approval gate: learn its timeout now, not at the safety sweep.
          this.scheduleSweep(0);
          continue;
        }
        // Best of N: another goal's candidates, when this slot has no goal of its own to work on.
        const candidate = await claimCandidate(this.options.db, this.id, this.ctx.workDir, undefined, [...this.refusedCandidates]);
        if (candidate) {
          this.wakeOne();
          const tried = await this.metrics.working(() => runCandidate(this.ctx, candidate, this.stopping.signal));
          if (tried === "refused") this.refusedCandidates.add(candidate.candidateId);
          continue;
        }
        // Only a slot with no queued work resyncs: the hot claim stays one statement.
        const resync = await claimDueResync(this.options.db, this.id);
        if (resync) {
          this.wakeOne();
          await this.metrics.working(() => resyncGoal(this.ctx, resync, this.reconcileOptions));
          continue;
        }
        const due = await msUntilNextDue(this.options.db);
        if (due !== null && !this.draining) this.dueTimer.request(Math.max(due, 5));
        // A wake that found no slot asleep (each was looking or working) may be for what this one just missed:
        // look again rather than sleep through it.
        if (this.unansweredWake) {
          this.unansweredWake = false;
          continue;
        }
        await this.sleep(Infinity);
      } catch (error) {
        // Postgres restarting or unreachable: wait and try again rather than die.
        this.ctx.log(`cannot reach the queue: ${(error as Error).message}`);
        await this.sleep(1000);
      }
    }
  }

  private readonly reconcileOptions: ReconcileOptions = {
    draining: () => this.draining,
    track: (keeper) => {
      this.keepers.add(keeper);
      const unwatch = this.watchRequests(keeper.lease.goalId, () => void keeper.beat());
      return () => {
        this.keepers.delete(keeper);
        unwatch();
      };
    },
  };

  private watchRequests(goalId: string, renew: () => void): () => void {
    const watcher = { goalId, renew };
    this.requestWatchers.add(watcher);
    return () => this.requestWatchers.delete(watcher);
  }

  // The heartbeat carries the runner's figures for /api/metrics (server/runner/runner-metrics.ts).
  private async beat(): Promise<void> {
    if (this.writingMetrics) return;
    this.writingMetrics = true;
    try {
      await this.metrics.write(this.options.db, this.id);
    } catch {
      // Postgres away: the next beat writes the same cumulative figures.
    } finally {
      this.writingMetrics = false;
    }
  }

  // The sweep runs at the next known gate timeout or the safety interval, whichever is sooner; an
  // earlier request moves it forward, a later one leaves it.
  private scheduleSweep(inMs: number): void {
    if (!this.draining) this.approvalSweep.request(Math.min(inMs, this.options.approvalSweepMs ?? APPROVAL_SWEEP_MS));
  }

  // One sweep at a time per runner; other runners sweeping at once are safe (the goal's row lock).
  private async sweepApprovals(): Promise<void> {
    if (this.draining) return;
    // Asked while a sweep runs, which may have read before the gate opened: sweep again after it.
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = true;
    this.sweepAgain = false;
    let nextInMs = Infinity;
    try {
      const now = this.options.clock?.() ?? new Date();
      const { ended, nextTimeoutAt } = await sweepApprovalGates(this.options.db, now);
      for (const gate of ended) this.ctx.log(`approval gate ${gate} timed out`);
      if (nextTimeoutAt) nextInMs = nextTimeoutAt.getTime() - now.getTime();
    } catch (error) {
      this.ctx.log(`cannot sweep approval timeouts: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
    this.scheduleSweep(this.sweepAgain ? 0 : nextInMs);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      // Infinity: until woken (a NOTIFY, a drain).
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.min(Math.max(ms, 5), 2 ** 31 - 1)) : undefined;
      this.wakers.add(done);
    });
  }

  private wakeOne(): void {
    const [first] = this.wakers;
    if (first) first();
    else this.unansweredWake = true;
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

function drainGraceMs(): number {
  return drainSeconds() * 1000;
}

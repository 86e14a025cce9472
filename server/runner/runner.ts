// A runner process: N slots, each claiming one goal at a time and reconciling it. SIGTERM drains:
// slots finish their current iteration, hand their goals back to the queue, and exit.
import os from "node:os";
import { drainSeconds } from "../config";
import type { PrismaClient } from "../generated/prisma/client";
import { expireApprovals } from "../approvals/expire-approvals";
import { claimNextGoal, msUntilNextDue } from "../queue/claim-next-goal";
import { listenForWork } from "../queue/listen-for-work";
import { NotificationSender, type SenderOptions } from "../notifications/notification-sender";
import { LeaseKeeper } from "./lease-keeper";
import { claimDueResync } from "../queue/claim-due-resync";
import { reconcileGoal, type ReconcileOptions } from "./reconcile-goal";
import { resyncGoal } from "./resync-goal";
import type { RunnerContext } from "./run-iteration";

export type RunnerOptions = {
  db: PrismaClient; databaseUrl: string; slots: number; workDir: string; id?: string; pollMs?: number; log?: (line: string) => void;
  notifications?: SenderOptions;
  // How often this runner ends approval gates past spec.approval.timeoutMinutes, and its clock (tests move it).
  approvalSweepMs?: number; clock?: () => Date;
};

const APPROVAL_SWEEP_MS = 30_000;

export class Runner {
  readonly id: string;
  private draining = false;
  private wakers = new Set<() => void>();
  private stopListening: (() => Promise<void>) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private approvalSweep: NodeJS.Timeout | undefined;
  private sweeping = false;
  private slots: Promise<void>[] = [];
  private keepers = new Set<LeaseKeeper>();
  private readonly ctx: RunnerContext;
  private readonly sender: NotificationSender;

  constructor(private readonly options: RunnerOptions) {
    this.id = options.id ?? `${os.hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
    const log = options.log ?? ((line: string) => console.log(`[runner ${this.id}] ${line}`));
    this.ctx = { db: options.db, runnerId: this.id, workDir: options.workDir, log };
    this.sender = new NotificationSender(options.db, { log, ...options.notifications });
  }

  async start(): Promise<void> {
    const { db } = this.options;
    await db.runner.upsert({
      where: { id: this.id },
      create: { id: this.id, host: os.hostname(), pid: process.pid, concurrency: this.options.slots },
      update: { heartbeatAt: new Date(), stoppedAt: null },
    });
    this.heartbeat = setInterval(() => {
      db.runner.update({ where: { id: this.id }, data: { heartbeatAt: new Date() } }).catch(() => {});
    }, 5000);
    this.approvalSweep = setInterval(() => void this.sweepApprovals(), this.options.approvalSweepMs ?? APPROVAL_SWEEP_MS);
    // A notification may also be a pause or cancel for a goal we hold: renew now to see it at once.
    this.stopListening = listenForWork(this.options.databaseUrl, () => {
      this.wakeAll();
      for (const keeper of this.keepers) void keeper.beat();
    }, this.ctx.log);
    this.slots = Array.from({ length: this.options.slots }, () => this.slotLoop());
    this.sender.start();
  }

  // Stop claiming; let current iterations finish; give goals back. Resolves when every slot is idle.
  async drain(graceMs = drainGraceMs()): Promise<void> {
    this.draining = true;
    this.wakeAll();
    // An iteration that outlasts the grace period is stopped and recorded as interrupted, then redone elsewhere.
    const deadline = setTimeout(() => { for (const keeper of this.keepers) keeper.abort("the runner is shutting down"); }, graceMs);
    await Promise.all(this.slots);
    // Sends in flight finish; what is still due stays in the outbox for any runner.
    await this.sender.stop();
    clearTimeout(deadline);
    clearInterval(this.heartbeat);
    clearInterval(this.approvalSweep);
    await this.stopListening?.();
    await this.options.db.runner.update({ where: { id: this.id }, data: { stoppedAt: new Date() } }).catch(() => {});
  }

  private async slotLoop(): Promise<void> {
    while (!this.draining) {
      try {
        const claimed = await claimNextGoal(this.options.db, this.id);
        if (claimed) {
          await reconcileGoal(this.ctx, claimed, this.reconcileOptions);
          continue;
        }
        // Only a slot with no queued work resyncs: the hot claim stays one statement.
        const resync = await claimDueResync(this.options.db, this.id);
        if (resync) {
          await resyncGoal(this.ctx, resync, this.reconcileOptions);
          continue;
        }
        const due = await msUntilNextDue(this.options.db);
        await this.sleep(Math.min(this.options.pollMs ?? 1000, due ?? Infinity));
      } catch (error) {
        // Postgres restarting or unreachable: wait and try again rather than die.
        this.ctx.log(`cannot reach the queue: ${(error as Error).message}`);
        await this.sleep(1000);
      }
    }
  }

  private readonly reconcileOptions: ReconcileOptions = {
    draining: () => this.draining,
    track: (keeper) => { this.keepers.add(keeper); return () => this.keepers.delete(keeper); },
  };

  // One sweep at a time per runner; other runners sweeping at once are safe (the goal's row lock).
  private async sweepApprovals(): Promise<void> {
    if (this.sweeping || this.draining) return;
    this.sweeping = true;
    try {
      for (const gate of await expireApprovals(this.options.db, this.options.clock?.() ?? new Date())) this.ctx.log(`approval gate ${gate} timed out`);
    } catch (error) {
      this.ctx.log(`cannot sweep approval timeouts: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => { clearTimeout(timer); this.wakers.delete(done); resolve(); };
      const timer = setTimeout(done, Math.max(ms, 5));
      this.wakers.add(done);
    });
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

function drainGraceMs(): number {
  return drainSeconds() * 1000;
}

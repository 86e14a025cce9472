// Keeps a lease alive while a goal is worked on and turns what happens to it into signals:
// a lost lease or a cancel aborts the running commands; a pause is noticed at the next step.
import type { PrismaClient } from "../generated/prisma/client";
import { heartbeatMs, renewLease, type Lease } from "../queue/lease";

export class LeaseKeeper {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  lost = false;
  // Set by beat(true): another goal waits for a takeover, so this slot should give way between iterations.
  giveWay = false;

  constructor(
    private readonly db: PrismaClient,
    readonly lease: Lease,
    private readonly log: (line: string) => void,
    public desired = "Run",
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    this.timer = setInterval(() => void this.beat(), heartbeatMs());
  }

  // The goal was handed back (its park let go of the lease) or the work ended: a renewal still in flight then
  // finds no lease, which is no loss to report.
  stop(): void {
    clearInterval(this.timer);
    this.stopped = true;
  }

  abort(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error(reason));
  }

  async beat(checkGiveWay = false): Promise<void> {
    try {
      const renewal = await renewLease(this.db, this.lease, checkGiveWay);
      if (this.stopped) return;
      if (renewal === null) {
        this.lost = true;
        this.log(`lost the lease on ${this.lease.goalName}; stopping its work`);
        this.abort("lease lost");
        return;
      }
      this.desired = renewal.desired;
      // Only the step's own renewal asks; a periodic one in between must not answer for it.
      if (checkGiveWay) this.giveWay = renewal.giveWay;
      if (renewal.desired === "Cancel") this.abort("cancelled");
    } catch (error) {
      // Postgres unreachable: keep working; the epoch fence stops our writes if someone took over.
      this.log(`heartbeat for ${this.lease.goalName} failed: ${(error as Error).message}`);
    }
  }
}

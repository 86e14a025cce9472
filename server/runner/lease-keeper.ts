// Keeps a lease alive while a goal is worked on and turns what happens to it into signals:
// a lost lease or a cancel aborts the running commands; a pause is noticed at the next step.
import type { PrismaClient } from "../generated/prisma/client";
import { heartbeatMs, renewLease, type Lease } from "../queue/lease";

export class LeaseKeeper {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
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

  stop(): void {
    clearInterval(this.timer);
  }

  abort(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error(reason));
  }

  async beat(checkGiveWay = false): Promise<void> {
    try {
      const renewal = await renewLease(this.db, this.lease, checkGiveWay);
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

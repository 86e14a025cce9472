// The runner's side of /api/metrics: claim latencies and takeovers as they happen, iteration overheads
// read back from the iterations it recorded, all kept as bucket counts in memory and written with the
// heartbeat (one statement), beside how many slots are busy and how many iterations it finished (counted
// here rather than in each iteration's record: one statement fewer per iteration).
import type { PrismaClient } from "../generated/prisma/client";
import type { Claimed } from "../queue/claim-next-goal";
import { CLAIM_LATENCY_BOUNDS, emptyRunnerFigures, ITERATION_OVERHEAD_BOUNDS, observe } from "../metrics/runner-figures";

// An iteration whose transaction commits late can carry a finishedAt older than one already read: look
// back this far each time and skip what was counted.
const LOOK_BACK_MS = 120_000;

export class RunnerMetrics {
  readonly figures = emptyRunnerFigures();
  busy = 0;
  // Whether a slot held a goal since the last write: only then can there be iterations to read.
  private worked = false;
  private counted = new Map<string, number>();
  // Finished since the last write, added to Runner.iterationsDone by the next one.
  private finished = 0;

  claimed(claim: Claimed): void {
    observe(this.figures.claimLatencySeconds, CLAIM_LATENCY_BOUNDS, claim.waitedMs / 1000);
    if (claim.takeover) this.figures.takeovers += 1;
  }

  async working<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    this.worked = true;
    try {
      return await work();
    } finally {
      this.busy -= 1;
    }
  }

  // The heartbeat: an idle runner sends this one statement and nothing else.
  async write(db: PrismaClient, runnerId: string): Promise<void> {
    if (this.worked) {
      this.worked = this.busy > 0;
      await this.readOverheads(db, runnerId);
    }
    const finished = this.finished;
    await db.runner.update({
      where: { id: runnerId },
      data: { heartbeatAt: new Date(), slotsBusy: this.busy, figures: this.figures, iterationsDone: { increment: finished } },
    });
    this.finished -= finished;
  }

  // The bench's overhead: the iteration's wall time less its agent's and its layers' (setup counts as overhead).
  private async readOverheads(db: PrismaClient, runnerId: string): Promise<void> {
    const since = new Date(Date.now() - LOOK_BACK_MS);
    const rows = await db.iteration.findMany({
      where: { runnerId, finishedAt: { gt: since }, phase: { in: ["Evaluated", "AgentFailed"] } },
      select: { id: true, startedAt: true, finishedAt: true, agentMs: true, evalMs: true },
    });
    for (const row of rows) {
      if (this.counted.has(row.id) || !row.finishedAt) continue;
      this.counted.set(row.id, row.finishedAt.getTime());
      this.finished += 1;
      const overheadMs = row.finishedAt.getTime() - row.startedAt.getTime() - row.agentMs - row.evalMs;
      observe(this.figures.iterationOverheadSeconds, ITERATION_OVERHEAD_BOUNDS, Math.max(0, overheadMs) / 1000);
    }
    for (const [id, finished] of this.counted) if (finished <= since.getTime()) this.counted.delete(id);
  }
}

// The "was it mine?" check of an iteration's outcome (server/queue/lease.ts, withReconnects): after a lost
// connection, a retry refused by the one-outcome index finds the row in that phase under this very lease when
// the first try committed and only its reply was lost. Another holder's outcome (another epoch) is not this one.
import type { PrismaClient } from "../generated/prisma/client";
import type { AlreadyDone, Lease } from "../queue/lease";

export function outcomeRecorded(db: PrismaClient, lease: Lease, iterationId: string, phase: "Evaluated" | "AgentFailed"): AlreadyDone<void> {
  return async () => {
    const row = await db.iteration.findFirst({ where: { id: iterationId, goalId: lease.goalId, phase, leaseEpoch: lease.epoch }, select: { id: true } });
    return row ? { value: undefined } : null;
  };
}

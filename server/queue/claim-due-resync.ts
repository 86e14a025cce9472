// Claims a converged goal whose resync is due (triggers.schedule), with the same lease and fencing as any
// claim, so one runner at a time resyncs a goal. A separate statement, asked only by a slot that found no
// queued work: the hot claim keeps its plan, and queued work goes first.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { claimOne, type Claimed } from "./claim-next-goal";
import { UNLEASED } from "./queue-conditions";

export function claimDueResync(db: PrismaClient, owner: string): Promise<Claimed | null> {
  return claimOne(
    db,
    owner,
    Prisma.sql`
      SELECT id FROM "Goal"
      WHERE "nextResyncAt" <= timezone('UTC', now()) AND "phase" = 'Converged' AND ${UNLEASED}
      ORDER BY "nextResyncAt"
      FOR UPDATE SKIP LOCKED
      LIMIT 1`,
  );
}

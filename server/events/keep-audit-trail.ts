// Deleting a goal cascades to its events; what people (and `system`, for timeouts) did is the audit,
// so those rows are detached first (goalId null, goalName kept) and outlive it. The loop's own
// events (written by runners) go with the goal.
import type { Prisma } from "../generated/prisma/client";

export async function keepAuditTrail(tx: Prisma.TransactionClient, goalId: string): Promise<number> {
  return tx.$executeRaw`
    UPDATE "Event" SET "goalId" = NULL
    WHERE "goalId" = ${goalId}::uuid AND actor NOT IN (SELECT id FROM "Runner")`;
}

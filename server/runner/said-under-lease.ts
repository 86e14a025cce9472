// Whether an event of one of these types was recorded under this lease (its epoch in the event's data): how a
// write retried after its COMMIT's reply was lost (server/queue/lease.ts, withReconnects) finds its first try, so
// that what it says is said once. `message`: only an event that said exactly that.
import type { Prisma } from "../generated/prisma/client";
import type { Lease } from "../queue/lease";

export async function saidUnderLease(tx: Prisma.TransactionClient, lease: Lease, types: string[], message?: string): Promise<boolean> {
  const said = await tx.event.findFirst({
    where: { goalId: lease.goalId, type: { in: types }, ...(message === undefined ? {} : { message }), data: { path: ["epoch"], equals: lease.epoch } },
    select: { id: true },
  });
  return said !== null;
}

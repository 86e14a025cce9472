// Writes that commit together under a lease, sent as one statement: a transaction would cost BEGIN, the fence
// and COMMIT besides its writes, and each round trip is time the loop waits. The first CTE, `fence`, locks the
// goal's row if this lease still holds it; every write is a data-modifying CTE that runs only from it (FROM
// fence, or WHERE EXISTS (SELECT 1 FROM fence)), so a lost lease writes nothing, and is thrown.
// What one statement's writes change, they cannot read back, and one row may be changed only once in it: a
// caller folds all it writes to the goal's row into one write.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { ident } from "../db/row-sql";
import { type AlreadyDone, LeaseLostError, withReconnects, type Lease } from "./lease";

export type Write = { name: string; sql: Prisma.Sql };

// answer: an expression over the writes' RETURNING (for example `(SELECT id FROM started)`), handed back.
// done: the "was it mine?" check of a statement that inserts under a unique key (server/queue/lease.ts).
export async function fencedStatement<T = unknown>(
  db: PrismaClient,
  lease: Lease,
  writes: Write[],
  answer: Prisma.Sql = Prisma.sql`NULL`,
  done?: AlreadyDone<T>,
): Promise<T> {
  const ctes = writes.map((write) => Prisma.sql`, ${ident(write.name)} AS (${write.sql})`);
  const rows = await withReconnects(
    () => db.$queryRaw<{ held: boolean; answer: T }[]>`
      WITH fence AS (
        SELECT id FROM "Goal" WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} FOR UPDATE
      )${Prisma.join(ctes, "")}
      SELECT EXISTS (SELECT 1 FROM fence) AS held, ${answer} AS answer`,
    {
      done:
        done &&
        (async () => {
          const mine = await done();
          return mine && { value: [{ held: true, answer: mine.value }] };
        }),
    },
  );
  if (!rows[0]?.held) throw new LeaseLostError(lease);
  return rows[0].answer;
}

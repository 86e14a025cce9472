// A claim on one goal: renewed by heartbeat, fenced by an epoch bumped on every claim, so a runner
// that was presumed dead and wakes up later writes nothing (every write checks the epoch).
import { leaseSeconds } from "../config";
import { STALE_STATEMENT } from "../db/statement-names";
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { DUE, TAKEOVER, UNLEASED } from "./queue-conditions";

export type Lease = { goalId: string; goalName: string; owner: string; epoch: number };

export class LeaseLostError extends Error {
  constructor(lease: Lease) {
    super(`lease on goal '${lease.goalName}' (epoch ${lease.epoch}) was lost to another runner`);
    this.name = "LeaseLostError";
  }
}

export function leaseMs(): number {
  return leaseSeconds() * 1000;
}

export function heartbeatMs(): number {
  return Math.max(200, Math.floor(leaseMs() / 3));
}

// Retries while Postgres is unreachable (a restart, a failover): the result of an iteration is worth
// waiting for, and the epoch check still refuses it if another runner took over meanwhile.
// done: the write's "was it mine?" check, for a write that inserts rows under a unique key (see withReconnects).
export async function fenced<T>(db: PrismaClient, lease: Lease, write: (tx: Prisma.TransactionClient) => Promise<T>, done?: AlreadyDone<T>): Promise<T> {
  return withReconnects(() => fencedOnce(db, lease, write), { done });
}

// Whether a write's rows are already there, written under this lease: what the write answers then, or null
// when they are not, or are another holder's. Asked only on the rare path below, so it costs a normal write nothing.
export type AlreadyDone<T> = () => Promise<{ value: T } | null>;

// Tries `once` again while Postgres cannot be reached, for up to two leases. A connection lost while the
// COMMIT's reply was on its way may have lost only the reply: the retry then meets the first try's rows, and a
// unique key refuses it, or the fence does (the write let go of the lease). After a lost connection, such a
// refusal asks `done` whether the write is there, this lease's own; if so it happened, and answers as the first
// try would have. Otherwise it is thrown as before.
export async function withReconnects<T>(once: () => Promise<T>, { done, forMs = leaseMs() * 2 }: { done?: AlreadyDone<T>; forMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + forMs;
  let lostConnection = false;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await once();
    } catch (error) {
      if (lostConnection && done && (isUniqueViolation(error) || error instanceof LeaseLostError)) {
        const mine = await withReconnects(done);
        if (mine) return mine.value;
        throw error;
      }
      if (!isConnectionError(error) || Date.now() + delay > deadline) throw error;
      lostConnection = true;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

// Prisma's P2002 for its own queries; a raw statement's refusal (P2010) carries Postgres's 23505 in the driver
// adapter's cause. Never read from the message: "23505" can be a port in a connection error's text.
export function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  return code === "P2002" || code === "23505" || meta?.driverAdapterError?.cause?.originalCode === "23505";
}

// Also a wait for one of the process's own connections that ran out (every one busy, on a starved machine): the
// database is fine and the goal did nothing wrong, so it is waited for, never counted as the goal's error.
// A named statement gone stale on its connection counts too: that connection is ended (server/db/client.ts).
export function isConnectionError(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""}`;
  return (
    /P1001|P1017|ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|Can't reach database|connection.*(closed|ended)|terminating connection|connection error and is not queryable|timeout exceeded when trying to connect|Unable to start a transaction in the given time/i.test(
      text,
    ) || STALE_STATEMENT.test(text)
  );
}

async function fencedOnce<T>(db: PrismaClient, lease: Lease, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM "Goal" WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} FOR UPDATE`;
    if (rows.length === 0) throw new LeaseLostError(lease);
    return write(tx);
  });
}

// Extends the lease; returns what people asked of the goal meanwhile, or null when the lease is gone.
// giveWay: also ask whether another goal waits for a takeover (a slot gives way to it between iterations),
// in the same statement, so a step's start costs one round trip.
export type Renewal = { desired: string; giveWay: boolean };

export async function renewLease(db: PrismaClient, lease: Lease, giveWay = false): Promise<Renewal | null> {
  const waiting = giveWay
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Goal" WHERE ${UNLEASED} AND ${DUE} AND ${TAKEOVER} AND id <> ${lease.goalId}::uuid)`
    : Prisma.sql`false`;
  const rows = await db.$queryRaw<Renewal[]>`
    UPDATE "Goal" SET "leaseExpiresAt" = timezone('UTC', now()) + ${leaseMs()} * interval '1 millisecond'
    WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner}
    RETURNING desired, ${waiting} AS "giveWay"`;
  return rows[0] ?? null;
}

// Before an effect outside Postgres that only the holder may cause (moving a branch): the lease still holds,
// checked and extended in one statement.
export async function holdLease(db: PrismaClient, lease: Lease): Promise<void> {
  if ((await withReconnects(() => renewLease(db, lease))) === null) throw new LeaseLostError(lease);
}

// Tried again while Postgres cannot be reached (a second run changes nothing): a goal left Converged or Failed under
// a lease nobody renews would look held until the lease ran out. For one lease at most: by then it has run out, and
// a drain (SIGTERM) must not wait longer.
export async function releaseLease(db: PrismaClient, lease: Lease): Promise<void> {
  await withReconnects(
    () => db.$executeRaw`
      UPDATE "Goal" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL
      WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner}`,
    { forMs: leaseMs() },
  );
}

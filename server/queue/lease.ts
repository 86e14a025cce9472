// A claim on one goal: renewed by heartbeat, fenced by an epoch bumped on every claim, so a runner
// that was presumed dead and wakes up later writes nothing (every write checks the epoch).
import { leaseSeconds } from "../config";
import type { Prisma, PrismaClient } from "../generated/prisma/client";

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
export async function fenced<T>(db: PrismaClient, lease: Lease, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const deadline = Date.now() + leaseMs() * 2;
  for (let delay = 250; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await fencedOnce(db, lease, write);
    } catch (error) {
      if (!isConnectionError(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export function isConnectionError(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${(error as Error)?.message ?? ""}`;
  return /P1001|P1017|ECONNREFUSED|ECONNRESET|57P01|57P03|Connection terminated|Can't reach database|connection.*(closed|ended)|terminating connection|connection error and is not queryable/i.test(
    text,
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
export async function renewLease(db: PrismaClient, lease: Lease): Promise<string | null> {
  const rows = await db.$queryRaw<{ desired: string }[]>`
    UPDATE "Goal" SET "leaseExpiresAt" = timezone('UTC', now()) + ${leaseMs()} * interval '1 millisecond'
    WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner}
    RETURNING desired`;
  return rows.length === 0 ? null : rows[0].desired;
}

export async function releaseLease(db: PrismaClient, lease: Lease): Promise<void> {
  await db.$executeRaw`
    UPDATE "Goal" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL
    WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner}`;
}

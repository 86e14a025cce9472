// Best of N: a candidate is a unit of work any runner's idle slot may claim (SKIP LOCKED), under a lease of its
// own, fenced by an epoch bumped on every claim like a goal's: a candidate whose runner died is claimed again
// once its lease expires and redone alone, and a runner presumed dead writes nothing when it wakes.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { leaseMs } from "./lease";

export type CandidateLease = { candidateId: string; iterationId: string; goalId: string; goalName: string; number: number; owner: string; epoch: number };

export class CandidateLeaseLostError extends Error {
  constructor(lease: CandidateLease) {
    super(`candidate ${lease.number} of goal '${lease.goalName}' (epoch ${lease.epoch}) is no longer this runner's`);
    this.name = "CandidateLeaseLostError";
  }
}

type Claimed = { id: string; iterationId: string; goalId: string; name: string; number: number; leaseEpoch: number };

// workDir: a candidate pinned to a work folder (a cloned repository's) is claimed only by runners sharing it.
// iterationId: the goal's holder works on its own iteration's candidates while it waits for them.
// skip: candidates this runner gave back because it cannot run them (no sandbox it needs).
// Only a goal that still runs gives work: one cancelled or paused while its holder was gone gives none.
export async function claimCandidate(
  db: PrismaClient,
  owner: string,
  workDir: string,
  iterationId?: string,
  skip: string[] = [],
): Promise<CandidateLease | null> {
  const rows = await db.$queryRaw<Claimed[]>`
    UPDATE "Candidate" c SET phase = 'Running', "leaseOwner" = ${owner}, "leaseEpoch" = c."leaseEpoch" + 1,
      "leaseExpiresAt" = timezone('UTC', now()) + ${leaseMs()} * interval '1 millisecond', "startedAt" = timezone('UTC', now()),
      interruptions = c.interruptions + CASE WHEN c.phase = 'Running' THEN 1 ELSE 0 END
    FROM "Goal" g
    WHERE g.id = c."goalId" AND c.id = (
      SELECT k.id FROM "Candidate" k JOIN "Iteration" i ON i.id = k."iterationId" AND i.phase = 'Running'
        JOIN "Goal" o ON o.id = k."goalId" AND o.phase = 'Running' AND o.desired <> 'Cancel'
      WHERE (k.phase = 'Queued' OR (k.phase = 'Running' AND k."leaseExpiresAt" < timezone('UTC', now())))
        AND (k."workDir" IS NULL OR k."workDir" = ${workDir})
        AND (${iterationId ?? null}::uuid IS NULL OR k."iterationId" = ${iterationId ?? null}::uuid)
        AND NOT (k.id = ANY(${skip}::uuid[]))
      ORDER BY k."createdAt", k.number
      FOR UPDATE OF k SKIP LOCKED LIMIT 1)
    RETURNING c.id, c."iterationId", c."goalId", g.name, c.number, c."leaseEpoch"`;
  const row = rows[0];
  return row
    ? { candidateId: row.id, iterationId: row.iterationId, goalId: row.goalId, goalName: row.name, number: row.number, owner, epoch: row.leaseEpoch }
    : null;
}

// Extends the lease while the iteration still runs; false when it is lost or the iteration stopped (cancelled,
// its goal's runner gone): the candidate's work is then of no use.
export async function renewCandidateLease(db: PrismaClient, lease: CandidateLease): Promise<boolean> {
  const renewed = await db.$executeRaw`
    UPDATE "Candidate" c SET "leaseExpiresAt" = timezone('UTC', now()) + ${leaseMs()} * interval '1 millisecond'
    WHERE c.id = ${lease.candidateId}::uuid AND c."leaseEpoch" = ${lease.epoch} AND c."leaseOwner" = ${lease.owner}
      AND EXISTS (SELECT 1 FROM "Iteration" i WHERE i.id = c."iterationId" AND i.phase = 'Running')
      AND EXISTS (SELECT 1 FROM "Goal" g WHERE g.id = c."goalId" AND g.phase = 'Running' AND g.desired <> 'Cancel')`;
  return renewed > 0;
}

export async function fencedCandidate<T>(db: PrismaClient, lease: CandidateLease, write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM "Candidate" WHERE id = ${lease.candidateId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} FOR UPDATE`;
    if (rows.length === 0) throw new CandidateLeaseLostError(lease);
    return write(tx);
  });
}

// A draining or cancelled runner gives its candidate back to the queue at once, for another runner.
export async function releaseCandidate(db: PrismaClient, lease: CandidateLease): Promise<void> {
  await db.$executeRaw`
    UPDATE "Candidate" SET phase = 'Queued', "leaseOwner" = NULL, "leaseExpiresAt" = NULL
    WHERE id = ${lease.candidateId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} AND phase = 'Running'`;
}

// Claims one goal that needs a runner: a queued goal whose time has come, or a goal whose runner
// stopped renewing its lease (crash takeover). SKIP LOCKED lets any number of runners share the queue.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { leaseMs, type Lease } from "./lease";
import { DEPENDENCIES_CONVERGED, DUE, TAKEOVER, UNLEASED } from "./queue-conditions";

// The claim also says what people last asked of the goal (Run, Pause, Cancel), as a renewal does, and
// for /api/metrics whether it took over from a runner that stopped and how long the goal waited: since
// the old lease ran out (a takeover), or since it became due or was last queued.
export type Claimed = { lease: Lease; desired: string; takeover: boolean; waitedMs: number };

// Takeovers come first, the longest-waiting first: a slot works on its goal until the goal parks, so
// behind a deep queue a dead runner's goal would otherwise wait for whole goals to finish, not the 60 s
// a takeover may take. Queued goals go in the order they became due.
export async function claimNextGoal(db: PrismaClient, owner: string): Promise<Claimed | null> {
  return claimOne(
    db,
    owner,
    Prisma.sql`
      SELECT id FROM "Goal"
      WHERE ${UNLEASED} AND ${DUE}
      ORDER BY ${TAKEOVER} DESC, coalesce("leaseExpiresAt", "nextRunAt")
      FOR UPDATE SKIP LOCKED
      LIMIT 1`,
  );
}

// Takes the lease on the goal `pick` selects, in one statement. A claim bumps the epoch, which fences
// every write of whoever held the goal before.
export async function claimOne(db: PrismaClient, owner: string, pick: Prisma.Sql): Promise<Claimed | null> {
  // `old` is the row as it was before this update (the statement's snapshot).
  const rows = await db.$queryRaw<{ id: string; name: string; leaseEpoch: number; desired: string; takeover: boolean; waitedMs: number }[]>`
    UPDATE "Goal" AS g
    SET "leaseOwner" = ${owner},
        "leaseEpoch" = g."leaseEpoch" + 1,
        "leaseExpiresAt" = timezone('UTC', now()) + ${leaseMs()} * interval '1 millisecond',
        "leaseClaimedAt" = timezone('UTC', clock_timestamp())
    FROM "Goal" AS old
    WHERE g.id = (${pick}) AND old.id = g.id
    RETURNING g.id, g.name, g."leaseEpoch", g.desired, old.phase = 'Running' AS takeover,
      greatest(0, EXTRACT(EPOCH FROM (timezone('UTC', clock_timestamp()) - CASE WHEN old.phase = 'Running' AND old."leaseExpiresAt" IS NOT NULL
        THEN old."leaseExpiresAt" ELSE greatest(old."nextRunAt", old."lastEventAt") END)) * 1000)::float8 AS "waitedMs"`;
  if (rows.length === 0) return null;
  const [row] = rows;
  return {
    lease: { goalId: row.id, goalName: row.name, owner, epoch: row.leaseEpoch },
    desired: row.desired,
    takeover: row.takeover,
    waitedMs: Number(row.waitedMs),
  };
}

// How long until the next queued goal or resync becomes due, so an idle runner sleeps exactly that long.
// A goal waiting for its dependencies is not due: it is woken by the NOTIFY of the convergence that frees it.
export async function msUntilNextDue(db: PrismaClient): Promise<number | null> {
  const rows = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT EXTRACT(EPOCH FROM (LEAST(
      -- A leased goal is claimable at its lease's end, not before: a goal claimed a moment ago, or one being
      -- resynced, would otherwise read as due now and have idle slots look again every 5 ms until it is done.
      (SELECT MIN(GREATEST("nextRunAt", "leaseExpiresAt")) FROM "Goal" WHERE "phase" = 'Queued' AND ${DEPENDENCIES_CONVERGED}),
      (SELECT MIN(GREATEST("nextResyncAt", "leaseExpiresAt")) FROM "Goal" WHERE "phase" = 'Converged'),
      -- A goal whose runner stops renewing is taken over at its lease's end, not at the next safety poll. One that
      -- ended in the last second is due now: a claim a moment before the end, then this read a moment after it,
      -- would otherwise leave it to the safety poll.
      (SELECT MIN("leaseExpiresAt") FROM "Goal" WHERE "phase" = 'Running' AND "leaseExpiresAt" > timezone('UTC', now()) - interval '1 second'),
      -- A candidate whose runner stops renewing is free to claim at its lease's end (a past one was seen already).
      (SELECT MIN("leaseExpiresAt") FROM "Candidate" WHERE phase = 'Running' AND "leaseExpiresAt" > timezone('UTC', now()))
    ) - timezone('UTC', now()))) * 1000 AS ms`;
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? null : Math.max(0, Number(ms));
}

// Where a freshly rendered page's live stream starts. Events written between the server's render and
// the browser's connection would otherwise be missed, and the page would stay as rendered. The start
// lies a few seconds back, because ids are taken at insert but become visible at commit, out of order:
// replaying an event the page already shows costs one refresh, missing one costs a stale page.
import type { PrismaClient } from "../generated/prisma/client";

const MARGIN_SECONDS = 5;

export async function replayFrom(db: PrismaClient): Promise<string> {
  const rows = await db.$queryRaw<{ id: bigint | null }[]>`
    SELECT max(id) AS id FROM "Event" WHERE "createdAt" < timezone('UTC', now()) - ${MARGIN_SECONDS} * interval '1 second'`;
  return String(rows[0]?.id ?? 0); // no event that old: replay them all
}

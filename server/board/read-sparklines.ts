// The last iterations' metrics of the cards on screen, in one query: a LATERAL join walks each goal's
// (goalId, number) unique index backwards, so the cost is cards × 30 rows, whatever the history's length.
import { Prisma, type PrismaClient } from "../generated/prisma/client";

export const SPARKLINE_ITERATIONS = 30;

export type IterationMetrics = { number: number; metrics: Record<string, number> };

export async function readRecentMetrics(db: PrismaClient, goalIds: string[], limit = SPARKLINE_ITERATIONS): Promise<Map<string, IterationMetrics[]>> {
  const byGoal = new Map<string, IterationMetrics[]>();
  if (goalIds.length === 0) return byGoal;
  const rows = await db.$queryRaw<{ goalId: string; number: number; metrics: Record<string, number> }[]>(Prisma.sql`
    SELECT g.id::text AS "goalId", i.number, i.metrics
    FROM unnest(${goalIds}::uuid[]) AS g(id)
    CROSS JOIN LATERAL (
      SELECT number, metrics FROM "Iteration"
      WHERE "goalId" = g.id AND phase = 'Evaluated'
      ORDER BY number DESC
      LIMIT ${limit}
    ) AS i`);
  for (const row of rows) {
    const list = byGoal.get(row.goalId) ?? [];
    list.push({ number: row.number, metrics: row.metrics ?? {} });
    byGoal.set(row.goalId, list);
  }
  for (const list of byGoal.values()) list.sort((a, b) => a.number - b.number);
  return byGoal;
}

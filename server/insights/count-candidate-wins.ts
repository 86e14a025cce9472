// Best of N: how often each maker (executor and model) wins when makers compete on the same iteration.
// Counted over iterations that ran more than one candidate with more than one distinct executor and model
// (candidates of one maker only compete with themselves); per maker, the iterations it competed in
// (once however many of its candidates ran) and those whose kept candidate (Iteration.winner) was its. An exact tie
// (the kept one only came first) is no win for anyone: the order of strategy.executors decided it.
import { Prisma, type PrismaClient } from "../generated/prisma/client";

export type CandidateWins = { executor: string; model: string | null; competed: number; won: number; rate: number }; // rate: won of competed, 0..1

type Row = { executor: string; model: string | null; competed: number; won: number };

// period: only iterations that finished in it; without it, every one.
export async function countCandidateWins(db: PrismaClient, period?: { since: Date; until: Date }): Promise<CandidateWins[]> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH contested AS (
      SELECT i.id, i.winner, bool_or(c.verdict LIKE 'tied with %') AS tied FROM "Iteration" i JOIN "Candidate" c ON c."iterationId" = i.id
      WHERE i.candidates > 1
        ${period ? Prisma.sql`AND i."finishedAt" >= ${period.since} AND i."finishedAt" < ${period.until}` : Prisma.empty}
      GROUP BY i.id, i.winner
      HAVING count(DISTINCT (c.executor, coalesce(c.model, ''))) > 1
    )
    SELECT c.executor, c.model,
           count(DISTINCT c."iterationId")::int AS competed,
           count(DISTINCT c."iterationId") FILTER (WHERE c.number = contested.winner AND NOT contested.tied)::int AS won
    FROM "Candidate" c JOIN contested ON contested.id = c."iterationId"
    GROUP BY c.executor, c.model
    ORDER BY won DESC, competed DESC, c.executor, c.model NULLS FIRST`);
  return rows.map((row) => ({ ...row, rate: row.competed === 0 ? 0 : row.won / row.competed }));
}

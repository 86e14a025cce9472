// One page of a goal's iterations, newest first, by keyset on the iteration number (offsets scan every
// skipped row). `before` pages to older iterations, `after` back to newer ones.
import type { PrismaClient } from "../generated/prisma/client";
import { toIterationObject, type IterationObject } from "./goal-object";

export const ITERATIONS_PER_PAGE = 50;

export type IterationRow = IterationObject & { fromIteration: number | null; changedFiles: number; durationMs: number | null; interruptions: number };
export type IterationPage = {
  rows: IterationRow[];
  total: number;
  older: number | null; // pass as `before` for the next older page
  newer: number | null; // pass as `after` for the next newer page
};

export type PageCursor = { before?: number; after?: number };

export async function readGoalIterations(db: PrismaClient, goalId: string, cursor: PageCursor = {}, take = ITERATIONS_PER_PAGE): Promise<IterationPage> {
  const forward = cursor.after !== undefined && cursor.before === undefined;
  const found = await db.iteration.findMany({
    where: { goalId, ...(forward ? { number: { gt: cursor.after } } : cursor.before !== undefined ? { number: { lt: cursor.before } } : {}) },
    orderBy: { number: forward ? "asc" : "desc" },
    take,
    omit: { prompt: true, diff: true, agentOutput: true, transcript: true },
  });
  const rows = forward ? found.reverse() : found;
  const [total, olderRow, newerRow] = await Promise.all([
    db.iteration.count({ where: { goalId } }),
    rows.length ? db.iteration.findFirst({ where: { goalId, number: { lt: rows.at(-1)!.number } }, select: { number: true } }) : null,
    rows.length ? db.iteration.findFirst({ where: { goalId, number: { gt: rows[0].number } }, select: { number: true } }) : null,
  ]);
  return {
    rows: rows.map((row) => ({
      // toIterationObject never reads the large texts left in the database.
      ...toIterationObject(row),
      fromIteration: row.fromIteration,
      changedFiles: row.changedFiles,
      durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
      interruptions: row.interruptions,
    })),
    total,
    older: olderRow ? rows.at(-1)!.number : null,
    newer: newerRow ? rows[0].number : null,
  };
}

// The board: each column's newest cards, the counts per column, all under the URL's filter.
// Only what a card shows is read (a few spec fields through JSON operators, never whole specs or
// iterations), and a column pages with a keyset cursor, so 2,000 goals cost what 50 do.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { iterationInRun } from "../goals/iteration-in-run";
import { isHeld } from "../goals/lock-goal";
import { BOARD_COLUMNS, type ColumnKey } from "./board-columns";
import { encodeCursor, type BoardCursor } from "./board-cursor";
import type { BoardFilter } from "./board-filter";
import { filterSql } from "./filter-sql";
import { readRecentMetrics } from "./read-sparklines";
import { sparklinePoints, type TargetSpec } from "./sparkline-points";

export const PAGE_SIZE = 20; // a column shows about four cards at once; more come with "Show more"
const MAX_CARDS = 1000; // a column opened page by page stops growing here

export type BoardCard = {
  id: string;
  name: string;
  labels: Record<string, string>;
  phase: string;
  reason: string;
  message: string;
  iteration: number | null;
  maxIterations: number | null;
  demo: boolean;
  lastEventAt: string;
  heldBy: string | null;
  sparkline: { from: number; to: number; values: number[] } | null; // from/to: iteration numbers
};

// phases: the column's count per phase, in the column's order (the ended column tells Failed, Stalled,
// Exhausted and Cancelled apart).
export type BoardColumn = {
  key: ColumnKey;
  title: string;
  hint: string;
  empty: string;
  count: number;
  phases: { phase: string; count: number }[];
  cards: BoardCard[];
  nextCursor: string | null;
};

export type Board = { columns: BoardColumn[]; matching: number; anyGoals: boolean };

type CardRow = {
  id: string;
  name: string;
  labels: Record<string, string> | null;
  phase: string;
  reason: string;
  message: string;
  currentIteration: number | null;
  runFromIteration: number;
  maxIterations: number | null;
  executor: string | null;
  targets: TargetSpec[] | null;
  lastEventAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
};

export async function readBoard(
  db: PrismaClient,
  filter: BoardFilter,
  cursors: Partial<Record<ColumnKey, BoardCursor>> = {},
  options: { pageSize?: number; now?: Date } = {},
): Promise<Board> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const where = filterSql(filter);
  const [counts, pages] = await Promise.all([
    countByPhase(db, where),
    Promise.all(BOARD_COLUMNS.map((column) => readColumn(db, column.phases, where, cursors[column.key] ?? null, pageSize))),
  ]);
  const metrics = await readRecentMetrics(
    db,
    pages.flatMap((page) => page.rows.map((row) => row.id)),
  );
  const columns = BOARD_COLUMNS.map((column, index): BoardColumn => {
    const { rows, more } = pages[index];
    const last = rows.at(-1);
    return {
      key: column.key,
      title: column.title,
      hint: column.hint,
      empty: column.empty,
      count: column.phases.reduce((sum, phase) => sum + (counts.get(phase) ?? 0), 0),
      phases: column.phases.map((phase) => ({ phase, count: counts.get(phase) ?? 0 })),
      cards: rows.map((row) => toCard(row, metrics.get(row.id) ?? [], options.now)),
      nextCursor: more && last ? encodeCursor({ at: last.lastEventAt, id: last.id }) : null,
    };
  });
  const matching = columns.reduce((sum, column) => sum + column.count, 0);
  const anyGoals = matching > 0 || (await db.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM "Goal") AS "any"`)[0].any;
  return { columns, matching, anyGoals };
}

async function countByPhase(db: PrismaClient, where: Prisma.Sql): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ phase: string; count: number }[]>(Prisma.sql`
    SELECT phase, count(*)::int AS count FROM "Goal" WHERE ${where} GROUP BY phase`);
  return new Map(rows.map((row) => [row.phase, row.count]));
}

// Newest change first. With a cursor the column keeps the cards down to it (what the person had on
// screen) and adds one page after it.
async function readColumn(db: PrismaClient, phases: string[], where: Prisma.Sql, cursor: BoardCursor | null, pageSize: number) {
  if (!cursor) {
    const rows = await selectCards(db, phases, where, pageSize + 1);
    return { rows: rows.slice(0, pageSize), more: rows.length > pageSize };
  }
  const at = Prisma.sql`${cursor.at.slice(0, 23)}::timestamp`;
  const key = Prisma.sql`("lastEventAt", id)`;
  const after = Prisma.sql`(${at}, ${cursor.id}::uuid)`;
  // The plain "lastEventAt" bound lets the index seek to the cursor; the row comparison breaks ties by id.
  const [head, page] = await Promise.all([
    selectCards(db, phases, Prisma.sql`${where} AND "lastEventAt" >= ${at} AND ${key} >= ${after}`, MAX_CARDS),
    selectCards(db, phases, Prisma.sql`${where} AND "lastEventAt" <= ${at} AND ${key} < ${after}`, pageSize + 1),
  ]);
  const room = Math.max(0, Math.min(pageSize, MAX_CARDS - head.length));
  return { rows: [...head, ...page.slice(0, room)], more: page.length > room };
}

// One branch per phase, each walking the (phase, lastEventAt) index from its newest row, merged:
// a column of several phases costs a few index scans of `limit` rows, not a sort of the whole column.
function selectCards(db: PrismaClient, phases: string[], where: Prisma.Sql, limit: number): Promise<CardRow[]> {
  const branches = phases.map(
    (phase) => Prisma.sql`(
    SELECT id, name, labels, phase, reason, message, "currentIteration", "runFromIteration", spec, "lastEventAt", "leaseOwner", "leaseExpiresAt"
    FROM "Goal" WHERE phase = ${phase} AND ${where}
    ORDER BY "lastEventAt" DESC, id DESC LIMIT ${limit})`,
  );
  // Only the few spec fields a card shows leave the database.
  return db.$queryRaw<CardRow[]>(Prisma.sql`
    SELECT id::text AS id, name, labels, phase, reason, message, "currentIteration", "runFromIteration",
      (spec->'stop'->>'maxIterations')::int AS "maxIterations",
      spec->'agent'->>'executor' AS executor,
      spec->'metrics' AS targets,
      "lastEventAt", "leaseOwner", "leaseExpiresAt"
    FROM (${Prisma.join(branches, " UNION ALL ")}) AS card
    ORDER BY "lastEventAt" DESC, id DESC
    LIMIT ${limit}`);
}

function toCard(row: CardRow, iterations: { number: number; metrics: Record<string, number> }[], now?: Date): BoardCard {
  const values = sparklinePoints(Array.isArray(row.targets) ? row.targets : [], iterations);
  return {
    id: row.id,
    name: row.name,
    labels: row.labels ?? {},
    phase: row.phase,
    reason: row.reason,
    message: row.message,
    iteration: iterationInRun(row),
    maxIterations: row.maxIterations,
    demo: row.executor === "demo",
    lastEventAt: row.lastEventAt.toISOString(),
    heldBy: isHeld(row, now) ? row.leaseOwner : null,
    sparkline: values.length > 0 ? { from: iterations[0].number, to: iterations.at(-1)!.number, values } : null,
  };
}

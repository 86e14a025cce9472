// Insights across goals over a period: per executor and model, repository or label value, how the runs that
// ended in it ended (converged, stalled, failed, exhausted), the median iterations, cost and wall time of the
// converged ones, what the group spent and the spend per day, why runs stopped short, and (per executor and
// model) how often each agent was caught gaming and how often it won when makers competed on an iteration (best
// of N). Aggregated in Postgres; what comes back is a row per group.
//
// A run ends with a phase change to Converged, Stalled, Failed or Exhausted: its event (found through the
// Event (type, createdAt) index). Its iterations are the goal's iterations that finished after the goal's
// previous ending and by this one; its wall time runs from the first of them starting to the ending.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { countCandidateWins, type CandidateWins } from "./count-candidate-wins";
import { countGaming, type ExecutorGaming } from "./count-gaming";
import { formatGroup, type InsightsGroup, type InsightsQuery } from "./insights-query";

export const OUTCOMES = ["Converged", "Stalled", "Failed", "Exhausted"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type InsightsRow = {
  key: string | null; // the executor, repository or label value; null: goals without that label
  model: string | null; // grouped by executor: the model (null: the executor's default)
  goals: number; // goals that ended a run in the period
  runs: Record<Outcome, number>; // runs that ended so in the period
  convergenceRate: number | null; // converged of the runs that ended, 0..1
  // Medians over the runs that converged: agent iterations (the baseline is free), cost, wall time.
  toConverge: { iterations: number | null; costUsd: number | null; minutes: number | null };
  costUsd: number; // what this group's iterations that finished in the period cost
};

export type Insights = {
  by: string;
  days: number;
  since: string; // the first day's start
  until: string; // the end of today (exclusive)
  lastDay: string; // today, as YYYY-MM-DD (UTC)
  rows: InsightsRow[];
  totals: { runs: Record<Outcome, number>; costUsd: number };
  costPerDay: { day: string; costUsd: number }[]; // every day of the period (UTC), oldest first
  endings: { outcome: Exclude<Outcome, "Converged">; reason: string; runs: number }[]; // why runs stopped short, most first
  gaming: ExecutorGaming[] | null; // per executor and model, over the period; grouped otherwise: null
  candidateWins: CandidateWins[]; // best of N: per executor and model, when makers competed on an iteration in the period
};

type RunRow = {
  key: string | null;
  model: string | null;
  goals: number;
  converged: number;
  stalled: number;
  failed: number;
  exhausted: number;
  iterations: number | null;
  cost: number | null;
  minutes: number | null;
};
type SpendRow = { key: string | null; model: string | null; day: Date; cost: number };
type EndingRow = { outcome: Outcome; reason: string; runs: number };

const DAY_MS = 86_400_000;
const ENDINGS = Prisma.join(OUTCOMES.map((outcome) => Prisma.sql`${outcome}`));

export async function readInsights(db: PrismaClient, query: InsightsQuery, now = new Date()): Promise<Insights> {
  // Whole UTC days: the period is today and the days before it.
  const until = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + DAY_MS);
  const since = new Date(until.getTime() - query.days * DAY_MS);
  const { key, model } = groupSql(query.by);
  const [runs, spend, endings, gaming, candidateWins] = await Promise.all([
    db.$queryRaw<RunRow[]>(Prisma.sql`
      WITH ended AS (
        SELECT e."goalId", e.type, e."createdAt" AS "endedAt",
          (SELECT p."createdAt" FROM "Event" p WHERE p."goalId" = e."goalId" AND p.id < e.id AND p.type IN (${ENDINGS})
           ORDER BY p.id DESC LIMIT 1) AS "previousEnd"
        FROM "Event" e
        WHERE e.type IN (${ENDINGS}) AND e."createdAt" >= ${since} AND e."createdAt" < ${until} AND e."goalId" IS NOT NULL
      ), runs AS (
        SELECT ${key} AS key, ${model} AS model, ended."goalId", ended.type, run.iterations, run.cost,
          extract(epoch FROM ended."endedAt" - run."firstStart") / 60 AS minutes
        FROM ended JOIN "Goal" g ON g.id = ended."goalId"
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE i."fromIteration" IS NOT NULL AND i.phase IN ('Evaluated', 'AgentFailed')) AS iterations,
            coalesce(sum(i."costUsd"), 0) AS cost, min(i."startedAt") AS "firstStart"
          FROM "Iteration" i
          WHERE i."goalId" = ended."goalId" AND i."finishedAt" <= ended."endedAt"
            AND (ended."previousEnd" IS NULL OR i."finishedAt" > ended."previousEnd")
        ) AS run
      )
      SELECT key, model, count(DISTINCT "goalId")::int AS goals,
        count(*) FILTER (WHERE type = 'Converged')::int AS converged,
        count(*) FILTER (WHERE type = 'Stalled')::int AS stalled,
        count(*) FILTER (WHERE type = 'Failed')::int AS failed,
        count(*) FILTER (WHERE type = 'Exhausted')::int AS exhausted,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY iterations) FILTER (WHERE type = 'Converged'))::float8 AS iterations,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY cost) FILTER (WHERE type = 'Converged'))::float8 AS cost,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) FILTER (WHERE type = 'Converged'))::float8 AS minutes
      FROM runs GROUP BY key, model`),
    // Through the Iteration (finishedAt) index.
    db.$queryRaw<SpendRow[]>(Prisma.sql`
      SELECT ${key} AS key, ${model} AS model, date_trunc('day', i."finishedAt") AS day, sum(i."costUsd")::float8 AS cost
      FROM "Iteration" i JOIN "Goal" g ON g.id = i."goalId"
      WHERE i."finishedAt" >= ${since} AND i."finishedAt" < ${until}
      GROUP BY 1, 2, 3`),
    db.$queryRaw<EndingRow[]>(Prisma.sql`
      SELECT e.type AS outcome, e.reason, count(*)::int AS runs FROM "Event" e
      WHERE e.type IN ('Stalled', 'Failed', 'Exhausted') AND e."createdAt" >= ${since} AND e."createdAt" < ${until} AND e."goalId" IS NOT NULL
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`),
    query.by.by === "executor" ? countGaming(db, { since, until }) : Promise.resolve(null),
    countCandidateWins(db, { since, until }),
  ]);
  const rows = mergeRows(runs, spend);
  return {
    by: formatGroup(query.by),
    days: query.days,
    since: since.toISOString(),
    until: until.toISOString(),
    lastDay: new Date(until.getTime() - DAY_MS).toISOString().slice(0, 10),
    rows,
    totals: {
      runs: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, rows.reduce((sum, row) => sum + row.runs[outcome], 0)])) as Record<Outcome, number>,
      costUsd: rows.reduce((sum, row) => sum + row.costUsd, 0),
    },
    costPerDay: perDay(spend, since, query.days),
    endings: endings.map((row) => ({ outcome: row.outcome as Exclude<Outcome, "Converged">, reason: row.reason, runs: row.runs })),
    gaming,
    candidateWins,
  };
}

// The group's key and (for executors) model, as SQL over "Goal" AS g: read from the goal's spec and labels.
function groupSql(group: InsightsGroup): { key: Prisma.Sql; model: Prisma.Sql } {
  if (group.by === "executor") return { key: Prisma.sql`coalesce(g.spec->'agent'->>'executor', '')`, model: Prisma.sql`g.spec->'agent'->>'model'` };
  if (group.by === "repo") return { key: Prisma.sql`coalesce(g.spec->'workspace'->>'repo', '')`, model: Prisma.sql`NULL::text` };
  return { key: Prisma.sql`g.labels->>${group.key}::text`, model: Prisma.sql`NULL::text` };
}

// A group that spent but ended no run still has a row; groups come with the most runs ended first.
function mergeRows(runs: RunRow[], spend: SpendRow[]): InsightsRow[] {
  const id = (row: { key: string | null; model: string | null }) => JSON.stringify([row.key, row.model]);
  const rows = new Map<string, InsightsRow>();
  for (const row of runs) {
    const ended = row.converged + row.stalled + row.failed + row.exhausted;
    rows.set(id(row), {
      key: row.key,
      model: row.model,
      goals: row.goals,
      runs: { Converged: row.converged, Stalled: row.stalled, Failed: row.failed, Exhausted: row.exhausted },
      convergenceRate: ended === 0 ? null : row.converged / ended,
      toConverge: { iterations: row.iterations, costUsd: row.cost, minutes: row.minutes },
      costUsd: 0,
    });
  }
  for (const row of spend) {
    const existing = rows.get(id(row)) ?? {
      key: row.key,
      model: row.model,
      goals: 0,
      runs: { Converged: 0, Stalled: 0, Failed: 0, Exhausted: 0 },
      convergenceRate: null,
      toConverge: { iterations: null, costUsd: null, minutes: null },
      costUsd: 0,
    };
    existing.costUsd += row.cost;
    rows.set(id(row), existing);
  }
  const ended = (row: InsightsRow) => OUTCOMES.reduce((sum, outcome) => sum + row.runs[outcome], 0);
  return [...rows.values()].sort(
    (a, b) => ended(b) - ended(a) || b.costUsd - a.costUsd || String(a.key).localeCompare(String(b.key)) || String(a.model).localeCompare(String(b.model)),
  );
}

function perDay(spend: SpendRow[], since: Date, days: number): { day: string; costUsd: number }[] {
  const totals = new Map<string, number>();
  for (const row of spend) {
    const day = row.day.toISOString().slice(0, 10);
    totals.set(day, (totals.get(day) ?? 0) + row.cost);
  }
  return Array.from({ length: days }, (_, n) => {
    const day = new Date(since.getTime() + n * DAY_MS).toISOString().slice(0, 10);
    return { day, costUsd: totals.get(day) ?? 0 };
  });
}

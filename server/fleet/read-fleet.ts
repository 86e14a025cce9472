// The fleet view: one dense row per goal under the URL's filter, every goal at once (up to FLEET_LIMIT),
// so the browser sorts and groups 2,000 rows without asking again. One statement, of what a row shows
// only (a few spec fields through JSON operators, never whole specs); sparklines are read for the rows on
// screen (read-fleet-sparklines.ts), since 2,000 goals' last iterations would cost more than the rest.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { checkMetrics } from "../approvals/list-pending";
import type { TargetSpec } from "../board/sparkline-points";
import { filterSql, type GoalFilterSql } from "../board/filter-sql";
import { iterationInRun } from "../goals/iteration-in-run";
import { isHeld } from "../goals/lock-goal";
import { RUN_COST_SQL } from "./run-cost-sql";

export const FLEET_LIMIT = 5000; // past this, the view says how many it left out and asks for a filter
export const ROW_LABELS = 8; // as a board card: a goal may have 64 labels
const SMALL_LABELS_BYTES = 1024; // labels this small come whole (8 labels of any length fit), larger ones cut in SQL
const MESSAGE_CHARS = 300; // a row shows one line of it; the goal's page has the rest

export type TargetCheck = { metric: string; target: string; value?: number; met: boolean };

export type FleetRow = {
  name: string;
  phase: string;
  reason: string;
  message: string;
  iteration: number | null;
  maxIterations: number | null;
  targets: TargetCheck[]; // the latest measurement against each target
  costUsd: number; // every run's spend together
  runCostUsd: number; // this run's, against maxCostUsd
  maxCostUsd: number | null;
  heldBy: string | null;
  lastEventAt: string;
  labels: Record<string, string>; // the first few, and always the one the view is grouped by
  moreLabels: number;
  repo: string;
  executor: string;
};

export type Fleet = { rows: FleetRow[]; matching: number; limit: number };

type Row = {
  id: string;
  name: string;
  labels: Record<string, string> | null;
  labelCount: number | null;
  phase: string;
  reason: string;
  message: string;
  currentIteration: number | null;
  runFromIteration: number;
  maxIterations: number | null;
  targets: TargetSpec[] | null;
  metrics: Record<string, number> | null;
  costUsd: number;
  runCostUsd: number;
  maxCostUsd: number | null;
  repo: string | null;
  executor: string | null;
  lastEventAt: Date;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  matching: number;
};

// groupLabel: the label key the view groups by, whose value every row must then carry.
export async function readFleet(
  db: PrismaClient,
  filter: GoalFilterSql,
  options: { groupLabel?: string | null; names?: string[]; limit?: number; now?: Date } = {},
): Promise<Fleet> {
  const limit = options.limit ?? FLEET_LIMIT;
  const where = options.names ? Prisma.sql`${filterSql(filter)} AND name = ANY(${options.names}::text[])` : filterSql(filter);
  const group = options.groupLabel ?? null;
  // The newest changes are kept when the fleet is larger than the limit.
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT id::text AS id, name, phase, reason, left(message, ${MESSAGE_CHARS}) AS message,
      CASE WHEN pg_column_size(labels) <= ${SMALL_LABELS_BYTES} THEN labels ELSE
        (SELECT jsonb_object_agg(key, value) FROM (SELECT key, value FROM jsonb_each(labels) LIMIT ${ROW_LABELS}) AS shown)
        || CASE WHEN ${group}::text IS NOT NULL AND labels ? ${group}::text THEN jsonb_build_object(${group}::text, labels->${group}::text) ELSE '{}'::jsonb END
      END AS labels,
      CASE WHEN pg_column_size(labels) > ${SMALL_LABELS_BYTES} THEN (SELECT count(*) FROM jsonb_object_keys(labels))::int END AS "labelCount",
      "currentIteration", "runFromIteration",
      (spec->'stop'->>'maxIterations')::int AS "maxIterations",
      (spec->'stop'->>'maxCostUsd')::float8 AS "maxCostUsd",
      spec->'metrics' AS targets, metrics, "costUsd", ${RUN_COST_SQL} AS "runCostUsd",
      spec->'workspace'->>'repo' AS repo, spec->'agent'->>'executor' AS executor,
      "lastEventAt", "leaseOwner", "leaseExpiresAt",
      (count(*) OVER ())::int AS matching
    FROM "Goal" AS g WHERE ${where}
    ORDER BY "lastEventAt" DESC, id DESC
    LIMIT ${limit}`);
  return {
    rows: rows.map((row) => toFleetRow(row, group, options.now)),
    matching: rows[0]?.matching ?? 0,
    limit,
  };
}

function toFleetRow(row: Row, group: string | null, now?: Date): FleetRow {
  const labels = shownLabels(row.labels ?? {}, group);
  return {
    name: row.name,
    phase: row.phase,
    reason: row.reason,
    message: row.message,
    iteration: iterationInRun(row),
    maxIterations: row.maxIterations,
    targets: checkMetrics({ metrics: Array.isArray(row.targets) ? row.targets : [] }, row.metrics ?? {}).map(({ metric, target, value, met }) => ({
      metric,
      target,
      value,
      met,
    })),
    costUsd: row.costUsd,
    runCostUsd: row.runCostUsd,
    maxCostUsd: row.maxCostUsd,
    heldBy: isHeld(row, now) ? row.leaseOwner : null,
    lastEventAt: row.lastEventAt.toISOString(),
    labels,
    moreLabels: Math.max(0, (row.labelCount ?? Object.keys(row.labels ?? {}).length) - Object.keys(labels).length),
    repo: row.repo ?? "",
    executor: row.executor ?? "",
  };
}

// The first ROW_LABELS labels, and the one the view groups by wherever it is.
function shownLabels(labels: Record<string, string>, group: string | null): Record<string, string> {
  const entries = Object.entries(labels);
  if (entries.length <= ROW_LABELS) return labels;
  const shown = Object.fromEntries(entries.slice(0, ROW_LABELS));
  if (group !== null && Object.hasOwn(labels, group)) shown[group] = labels[group];
  return shown;
}

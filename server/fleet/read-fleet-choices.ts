// What the fleet view's filter and grouping offer to pick from: the repositories, executors and label
// keys the goals use now, in one statement over every goal.
import type { PrismaClient } from "../generated/prisma/client";

const MAX_CHOICES = 200; // a picker longer than this is typed into, not scrolled

export type FleetChoices = { repos: string[]; executors: string[]; labelKeys: string[] };

export async function readFleetChoices(db: PrismaClient): Promise<FleetChoices> {
  const [row] = await db.$queryRaw<[{ repos: string[] | null; executors: string[] | null; labelKeys: string[] | null }]>`
    SELECT
      (SELECT array_agg(repo ORDER BY repo) FROM (SELECT DISTINCT spec->'workspace'->>'repo' AS repo FROM "Goal" WHERE spec->'workspace'->>'repo' IS NOT NULL ORDER BY 1 LIMIT ${MAX_CHOICES}) AS r) AS repos,
      (SELECT array_agg(executor ORDER BY executor) FROM (SELECT DISTINCT spec->'agent'->>'executor' AS executor FROM "Goal" WHERE spec->'agent'->>'executor' IS NOT NULL) AS e) AS executors,
      (SELECT array_agg(key ORDER BY key) FROM (SELECT DISTINCT jsonb_object_keys(labels) AS key FROM "Goal" ORDER BY 1 LIMIT ${MAX_CHOICES}) AS k) AS "labelKeys"`;
  return { repos: row.repos ?? [], executors: row.executors ?? [], labelKeys: row.labelKeys ?? [] };
}

// The WHERE clause of the board's and the fleet view's filter, over "Goal": one meaning for both views.
import { Prisma } from "../generated/prisma/client";
import type { BoardFilter } from "./board-filter";

// repo and executor: the fleet view's own filters (exact values of spec.workspace.repo and spec.agent.executor).
export type GoalFilterSql = BoardFilter & { repo?: string | null; executor?: string | null };

export function filterSql(filter: GoalFilterSql): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  // Names are lowercase DNS labels; strpos needs no escaping of % and _ as LIKE would.
  if (filter.text) parts.push(Prisma.sql`strpos(name, ${filter.text.toLowerCase()}) > 0`);
  if (Object.keys(filter.labels).length > 0) parts.push(Prisma.sql`labels @> ${JSON.stringify(filter.labels)}::jsonb`);
  if (filter.labelKeys.length > 0) parts.push(Prisma.sql`labels ?& ${filter.labelKeys}::text[]`);
  if (filter.phase) parts.push(Prisma.sql`phase = ${filter.phase}`);
  if (filter.repo) parts.push(Prisma.sql`spec->'workspace'->>'repo' = ${filter.repo}`);
  if (filter.executor) parts.push(Prisma.sql`spec->'agent'->>'executor' = ${filter.executor}`);
  return Prisma.join(parts, " AND ");
}

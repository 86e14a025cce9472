// The sparklines of the fleet view's rows on screen, asked for by name as the view scrolls: a row's
// distance to target over its last iterations, as the board's cards draw it (sparkline-points.ts).
// Two statements for any number of names: the goals' targets, then their last iterations through the
// (goalId, number) index.
import type { PrismaClient } from "../generated/prisma/client";
import { readRecentMetrics } from "../board/read-sparklines";
import { sparklinePoints, type TargetSpec } from "../board/sparkline-points";

export const FLEET_SPARKLINE = 20; // a row's sparkline is narrower than a card's

// name -> distances, oldest first; a goal without measurements has an empty list, an unknown name none.
export async function readFleetSparklines(db: PrismaClient, names: string[]): Promise<Record<string, number[]>> {
  if (names.length === 0) return {};
  const goals = await db.$queryRaw<{ id: string; name: string; targets: TargetSpec[] | null }[]>`
    SELECT id::text AS id, name, spec->'metrics' AS targets FROM "Goal" WHERE name = ANY(${names}::text[])`;
  const recent = await readRecentMetrics(
    db,
    goals.map((goal) => goal.id),
    FLEET_SPARKLINE,
  );
  const lines: Record<string, number[]> = {};
  for (const goal of goals) {
    const points = sparklinePoints(Array.isArray(goal.targets) ? goal.targets : [], recent.get(goal.id) ?? []);
    // Three decimals draw the same line in 20 pixels and keep the answer short.
    lines[goal.name] = points.map((value) => Math.round(value * 1000) / 1000);
  }
  return lines;
}

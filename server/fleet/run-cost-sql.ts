// What a goal's current run has spent, as SQL over "Goal" AS g: the amount its stop.maxCostUsd is
// measured against. A first run's spend is the goal's running total (each iteration's cost is added to
// it as it is recorded); a later run sums its own iterations, which the (goalId, number) index finds.
import { Prisma } from "../generated/prisma/client";

export const RUN_COST_SQL = Prisma.sql`(CASE WHEN g."runFromIteration" = 0 THEN g."costUsd" ELSE
  (SELECT coalesce(sum(i."costUsd"), 0) FROM "Iteration" i WHERE i."goalId" = g.id AND i.number >= g."runFromIteration") END)`;

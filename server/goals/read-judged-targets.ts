// The targets the loop judged an iteration against: a relative one ("<= baseline * 1.05") resolved from its run's
// baseline and best. Its value depends on the history before the iteration, so only then is that history read.
import type { PrismaClient } from "../generated/prisma/client";
import { specTargets, type MetricTarget } from "../loop/spec-targets";
import { targetsByIteration } from "../loop/targets-by-iteration";
import type { GoalSpec } from "../spec/goal-spec";
import { parseTarget } from "../spec/metric-target";
import { recordColumns, toRecord } from "./iteration-record";

export async function readJudgedTargets(db: PrismaClient, goalId: string, spec: GoalSpec, number: number): Promise<MetricTarget[]> {
  if (!spec.metrics.some(({ target }) => parseTarget(target)?.ref !== undefined)) return specTargets(spec);
  const rows = await db.iteration.findMany({
    where: { goalId, number: { lte: number }, phase: { not: "Running" } },
    orderBy: { number: "asc" },
    select: recordColumns,
  });
  return targetsByIteration(spec, rows.map(toRecord)).get(number) ?? specTargets(spec);
}

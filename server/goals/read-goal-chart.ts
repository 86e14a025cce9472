// The convergence chart's data: compact arrays, one entry per measured iteration. Selects only the
// columns the chart draws (no prompts, diffs or logs), so a goal with 1,000 iterations reads fast.
import type { PrismaClient } from "../generated/prisma/client";
import { recordColumns, toRecord } from "./iteration-record";
import { measured, specTargets } from "../loop/spec-targets";
import { targetsByIteration } from "../loop/targets-by-iteration";
import type { GoalSpec } from "../spec/goal-spec";
import type { Target, TargetOp } from "../spec/metric-target";

// Bits in ChartData.flags, one number per iteration.
export const FLAG = { regression: 1, rejected: 2, policyFailed: 4, agentFailed: 8 } as const;

// targetValues: the target each iteration was judged against (a relative one moves with the baseline and the best;
// null where it could not be resolved).
export type ChartSeries = { metric: string; target: string; op: TargetOp; targetValues: (number | null)[]; values: (number | null)[] };
export type ChartData = {
  numbers: number[]; // iteration numbers, ascending: the shared x axis
  series: ChartSeries[]; // one per target metric, in spec order
  flags: number[];
  best: number | null; // the goal's best iteration
};

export async function readGoalChart(db: PrismaClient, goal: { id: string; spec: GoalSpec; bestIteration: number | null }): Promise<ChartData> {
  const rows = await db.iteration.findMany({
    // A running iteration has measured nothing yet, an interrupted one never will (it is redone under its number).
    where: { goalId: goal.id, phase: { notIn: ["Running", "Interrupted"] } },
    orderBy: { number: "asc" },
    select: { ...recordColumns, regression: true },
  });
  const targets = specTargets(goal.spec);
  const judged = targetsByIteration(goal.spec, rows.map(toRecord));
  return {
    numbers: rows.map((row) => row.number),
    series: targets.map(({ metric, text, target }, index) => ({
      metric,
      target: text,
      op: target.op,
      targetValues: rows.map((row) => {
        const resolved = judged.get(row.number)?.[index].target;
        return resolved && resolved.unresolved === undefined ? resolved.value : null;
      }),
      values: rows.map((row) => measured(row.metrics as Record<string, number>, metric) ?? null),
    })),
    flags: rows.map(
      (row) =>
        (row.regression ? FLAG.regression : 0) |
        (row.approval === "rejected" ? FLAG.rejected : 0) |
        (row.phase === "Evaluated" && !row.policyOk ? FLAG.policyFailed : 0) |
        (row.phase === "AgentFailed" ? FLAG.agentFailed : 0),
    ),
    best: goal.bestIteration,
  };
}

// The target iteration `number` was judged against, from the chart's series (null: not charted, or unresolved).
export function chartedTarget(data: ChartData, index: number, number: number): Target | null {
  const series = data.series[index];
  const value = series?.targetValues[data.numbers.indexOf(number)];
  return value === undefined || value === null ? null : { op: series.op, value };
}

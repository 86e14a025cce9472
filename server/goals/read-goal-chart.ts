// The convergence chart's data: compact arrays, one entry per measured iteration. Selects only the
// columns the chart draws (no prompts, diffs or logs), so a goal with 1,000 iterations reads fast.
import type { PrismaClient } from "../generated/prisma/client";
import { measured, specTargets } from "../loop/spec-targets";
import type { GoalSpec } from "../spec/goal-spec";
import type { TargetOp } from "../spec/metric-target";

// Bits in ChartData.flags, one number per iteration.
export const FLAG = { regression: 1, rejected: 2, policyFailed: 4, agentFailed: 8 } as const;

export type ChartSeries = { metric: string; target: string; op: TargetOp; targetValue: number; values: (number | null)[] };
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
    select: { number: true, phase: true, metrics: true, regression: true, policyOk: true, approval: true },
  });
  const targets = specTargets(goal.spec);
  return {
    numbers: rows.map((row) => row.number),
    series: targets.map(({ metric, text, target }) => ({
      metric,
      target: text,
      op: target.op,
      targetValue: target.value,
      values: rows.map((row) => measured(row.metrics as Record<string, number>, metric) ?? null),
    })),
    flags: rows.map((row) =>
      (row.regression ? FLAG.regression : 0)
      | (row.approval === "rejected" ? FLAG.rejected : 0)
      | (row.phase === "Evaluated" && !row.policyOk ? FLAG.policyFailed : 0)
      | (row.phase === "AgentFailed" ? FLAG.agentFailed : 0)),
    best: goal.bestIteration,
  };
}

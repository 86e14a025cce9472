// BudgetWarning events: once per budget per run, when the run's forecast (server/forecast/forecast-run.ts, pure)
// warns that a budget will be passed or 80% of it is used. Called in the transaction that records an iteration,
// so the warning (and its notification, through recordEvent) commits with the cost that caused it.
import type { Prisma } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import { readForecast } from "../forecast/read-forecast";
import { parsedSpecOrNull } from "../goals/parsed-spec";
import { readRunBudgets } from "../goals/read-goal-status";
import type { Lease } from "../queue/lease";

export const BUDGET_WARNING = "BudgetWarning";

export async function recordBudgetWarnings(tx: Prisma.TransactionClient, lease: Lease, iteration: number): Promise<void> {
  const goal = await tx.goal.findUniqueOrThrow({ where: { id: lease.goalId } });
  // A stored spec the schema no longer accepts has no budgets to warn about, and must not stop the iteration's record.
  const spec = parsedSpecOrNull(goal);
  if (!spec) return;
  const forecast = await readForecast(tx, goal, spec, await readRunBudgets(tx, goal, spec));
  if (!forecast || forecast.warnings.length === 0) return;
  const earlier = await tx.event.findMany({
    where: { goalId: goal.id, type: BUDGET_WARNING, data: { path: ["run"], equals: goal.runFromIteration } },
    select: { data: true },
  });
  const warned = new Set(earlier.map((event) => (event.data as { budget?: string }).budget));
  // A budget both projected past and nearly used is warned about once: the first warning tells the person.
  for (const warning of forecast.warnings) {
    if (warned.has(warning.budget)) continue;
    warned.add(warning.budget);
    await recordEvent(tx, {
      goalId: goal.id,
      goalName: goal.name,
      type: BUDGET_WARNING,
      reason: warning.kind === "near" ? "NearBudget" : "ProjectedOverBudget",
      message: warning.message,
      actor: lease.owner,
      data: { iteration, budget: warning.budget, kind: warning.kind, run: goal.runFromIteration },
    });
  }
}

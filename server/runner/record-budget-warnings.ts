// BudgetWarning events: once per budget per run, when the run's forecast (server/forecast/forecast-run.ts, pure)
// warns that a budget will be passed or 80% of it is used. Checked once an iteration is recorded, from the rows the
// runner holds, so an iteration that warns of nothing costs no statement here; a warning is recorded (with its
// notification, through recordEvent) in a fenced transaction of its own. A runner stopped between the iteration's
// record and this leaves the warning to the next iteration's check.
import type { Iteration, PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import { forecastFrom, type ForecastRow } from "../forecast/read-forecast";
import { runBudgetsFrom, type BudgetRow } from "../goals/read-goal-status";
import { fenced, type Lease } from "../queue/lease";
import type { GoalState } from "./load-goal-state";

export const BUDGET_WARNING = "BudgetWarning";

// The iteration just recorded, as its row now reads.
export type RecordedRow = ForecastRow & BudgetRow & Pick<Iteration, "number">;

export async function recordBudgetWarnings(db: PrismaClient, lease: Lease, state: GoalState, recorded: RecordedRow): Promise<void> {
  const { goal, spec } = state;
  const rows = [...state.iterations.filter((row) => row.number !== recorded.number), recorded];
  const forecast = forecastFrom(goal, spec, rows, runBudgetsFrom(goal, spec, rows, null));
  if (!forecast || forecast.warnings.length === 0) return;
  await fenced(db, lease, async (tx) => {
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
        data: { iteration: recorded.number, budget: warning.budget, kind: warning.kind, run: goal.runFromIteration },
      });
    }
  });
}

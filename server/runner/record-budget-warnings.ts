// BudgetWarning events: once per budget per run, when the run's forecast (server/forecast/forecast-run.ts, pure)
// warns that a budget will be passed or 80% of it is used. Forecast from the rows the runner holds when an
// iteration is recorded, so an iteration that warns of nothing costs no statement. A warning nobody is notified of
// is written by the iteration's own statement (warningWrites); one that spec.notify sends somewhere is recorded
// with its notification (through recordEvent) in a fenced transaction of its own right after, and a runner stopped
// between the two leaves it to the next iteration's check.
import { Prisma, type Iteration, type PrismaClient } from "../generated/prisma/client";
import { insertEvent, recordEvent, type EventInput } from "../events/record-event";
import { forecastFrom, type ForecastRow } from "../forecast/read-forecast";
import { runBudgetsFrom, type BudgetRow } from "../goals/read-goal-status";
import { notifiesAnyone } from "../notifications/notifies-anyone";
import type { Write } from "../queue/fenced-statement";
import { fenced, type Lease } from "../queue/lease";
import type { GoalState } from "./load-goal-state";

export const BUDGET_WARNING = "BudgetWarning";

// The iteration being recorded, as its row will read.
export type RecordedRow = ForecastRow & BudgetRow & Pick<Iteration, "number">;

export type BudgetWarnings = { events: EventInput[]; notified: boolean };

// What the forecast warns of once this iteration is in, one event per budget (a budget both projected past and
// nearly used is warned about once: the first warning tells the person). Earlier warnings are left out when written.
export function budgetWarnings(lease: Lease, state: GoalState, recorded: RecordedRow): BudgetWarnings {
  const { goal, spec } = state;
  const rows = [...state.iterations.filter((row) => row.number !== recorded.number), recorded];
  const forecast = forecastFrom(goal, spec, rows, runBudgetsFrom(goal, spec, rows, null));
  const seen = new Set<string>();
  const events = (forecast?.warnings ?? []).flatMap((warning) => {
    if (seen.has(warning.budget)) return [];
    seen.add(warning.budget);
    return [
      {
        goalId: goal.id,
        goalName: goal.name,
        type: BUDGET_WARNING,
        reason: warning.kind === "near" ? "NearBudget" : "ProjectedOverBudget",
        message: warning.message,
        actor: lease.owner,
        data: { iteration: recorded.number, budget: warning.budget, kind: warning.kind, run: goal.runFromIteration },
      },
    ];
  });
  return { events, notified: events.length > 0 && notifiesAnyone(spec, BUDGET_WARNING) };
}

// For the iteration's own statement: each warning not given in this run before. Written from the statement's
// `event` (the iteration's result), so it follows that in the goal's history.
export function warningWrites(warnings: BudgetWarnings): Write[] {
  if (warnings.notified) return [];
  return warnings.events.map((event, index) => ({
    name: `warning${index}`,
    sql: insertEvent(event, { from: "event", unless: warnedBefore(event), notifiesNobody: true }),
  }));
}

// Warnings recorded after their iteration's own record, each with its notification (through recordEvent): those
// someone is notified of, or all of them after an iteration recorded otherwise.
export async function recordWarnings(db: PrismaClient, lease: Lease, events: EventInput[]): Promise<void> {
  if (events.length === 0) return;
  await fenced(db, lease, async (tx) => {
    for (const event of events) {
      const [{ earlier }] = await tx.$queryRaw<{ earlier: boolean }[]>`SELECT ${warnedBefore(event)} AS earlier`;
      if (!earlier) await recordEvent(tx, event);
    }
  });
}

function warnedBefore(event: EventInput): Prisma.Sql {
  const { budget, run } = event.data as { budget: string; run: number };
  return Prisma.sql`EXISTS (SELECT 1 FROM "Event" WHERE "goalId" = ${event.goalId}::uuid AND "type" = ${BUDGET_WARNING}
    AND "data"->>'budget' = ${budget} AND "data"->'run' = to_jsonb(${run}::int))`;
}

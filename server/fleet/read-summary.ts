// The summary strip above the board and the fleet view: goals per phase, what needs a person, the last
// hour's iterations and today's spend against the cost budgets of the goals still going. Every goal,
// whatever the view's filter: it says what needs attention anywhere. Two statements, run side by side:
// one over goals, one over iterations (through their approval and finishedAt indexes).
import type { PrismaClient } from "../generated/prisma/client";
import { PHASES, type Phase } from "../loop/types";
import { RUN_COST_SQL } from "./run-cost-sql";
import { NEAR_BUDGET, RECENT_HOURS, type Summary } from "./summary";

type GoalFacts = { phase: string; count: number; recent: number }[];
type IterationFacts = { waiting: number; oldest: Date | null; lastHour: number; today: number };
type BudgetFacts = { goals: number; used: number | null; limit: number | null; near: number };

export async function readSummary(db: PrismaClient, now = new Date()): Promise<Summary> {
  const since = new Date(now.getTime() - RECENT_HOURS * 3_600_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const [goals, iterations] = await Promise.all([
    // When a failed or stalled goal got there is its newest event of that type (the phase change): walked
    // backwards on Event (goalId, id), it is found at once, since little happens to a goal after it ends.
    db.$queryRaw<[{ phases: GoalFacts; budgets: BudgetFacts }]>`
      WITH per_phase AS (
        SELECT phase, count(*)::int AS count,
          (count(*) FILTER (WHERE phase IN ('Failed', 'Stalled') AND (
            SELECT e."createdAt" FROM "Event" e WHERE e."goalId" = g.id AND e.type = g.phase ORDER BY e.id DESC LIMIT 1
          ) >= ${since}))::int AS recent
        FROM "Goal" g GROUP BY phase
      ), budgeted AS MATERIALIZED (
        SELECT (g.spec->'stop'->>'maxCostUsd')::float8 AS "limit", ${RUN_COST_SQL} AS used
        FROM "Goal" g
        WHERE g.phase IN ('Queued', 'Running', 'AwaitingApproval', 'Paused') AND jsonb_typeof(g.spec->'stop'->'maxCostUsd') = 'number'
      )
      SELECT
        (SELECT coalesce(jsonb_agg(per_phase), '[]'::jsonb) FROM per_phase) AS phases,
        (SELECT jsonb_build_object('goals', count(*), 'used', sum(used), 'limit', sum("limit"),
          'near', count(*) FILTER (WHERE "limit" > 0 AND used >= ${NEAR_BUDGET} * "limit")) FROM budgeted) AS budgets`,
    db.$queryRaw<[IterationFacts]>`
      SELECT
        (SELECT count(*)::int FROM "Iteration" WHERE approval = 'pending') AS waiting,
        (SELECT min(coalesce("approvalRequestedAt", "finishedAt", "startedAt")) FROM "Iteration" WHERE approval = 'pending') AS oldest,
        (SELECT count(*)::int FROM "Iteration" WHERE "finishedAt" >= ${hourAgo} AND phase IN ('Evaluated', 'AgentFailed')) AS "lastHour",
        (SELECT coalesce(sum("costUsd"), 0)::float8 FROM "Iteration" WHERE "finishedAt" >= ${midnight}) AS today`,
  ]);
  const phases = Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>;
  let failedRecently = 0;
  let stalledRecently = 0;
  for (const row of goals[0].phases) {
    if ((PHASES as readonly string[]).includes(row.phase)) phases[row.phase as Phase] = row.count;
    if (row.phase === "Failed") failedRecently = row.recent;
    if (row.phase === "Stalled") stalledRecently = row.recent;
  }
  const budgets = goals[0].budgets;
  const facts = iterations[0];
  return {
    total: goals[0].phases.reduce((sum, row) => sum + row.count, 0),
    phases,
    gates: { waiting: facts.waiting, oldestSince: facts.oldest?.toISOString() ?? null },
    failedRecently,
    stalledRecently,
    iterationsLastHour: facts.lastHour,
    spendTodayUsd: facts.today,
    budgets: { goals: budgets.goals, usedUsd: budgets.used ?? 0, limitUsd: budgets.limit ?? 0, nearLimit: budgets.near },
  };
}

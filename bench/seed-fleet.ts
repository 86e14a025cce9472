// A fleet of goals written straight into the database, for the dashboard benchmark and the fleet view's
// end-to-end test: copies of one applied goal's spec spread over every phase, four executors, twelve
// repositories and ten teams, each with measured iterations over the last hours (some waiting at a gate),
// a phase-change event, a cost, and a runner's live lease on the running ones. Plain SQL through `run`,
// so a Prisma client and a bare pg client can both seed it. No runner ever claims a seeded goal: queued
// ones are due in a year, running ones hold a lease for a day (the e2e's server runs real runners).
export type SeedFleetOptions = {
  goals: number;
  iterationsPerGoal: number;
  baseGoal: string; // an existing goal whose stored spec the copies take
  prefix: string; // goal names are prefix + n, n from 1
};

export const SEED_PHASES = ["Queued", "Running", "AwaitingApproval", "Paused", "Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
export const SEED_EXECUTORS = ["claude-code", "codex", "aider", "demo"];
export const SEED_REPOSITORIES = 12;

// Goal n's phase is SEED_PHASES[n % 9]: what a test expects of a seeded goal can be computed.
export function seededPhase(n: number): string {
  return SEED_PHASES[n % SEED_PHASES.length];
}

export async function seedFleet(run: (sql: string) => Promise<unknown>, options: SeedFleetOptions): Promise<void> {
  const { goals, iterationsPerGoal: k, baseGoal, prefix } = options;
  const last = k - 1;
  const phases = `(ARRAY[${SEED_PHASES.map((phase) => `'${phase}'`).join(",")}])[1 + n % ${SEED_PHASES.length}]`;
  await run(`
    INSERT INTO "Goal" (id, name, labels, spec, phase, reason, message, "currentIteration", "bestIteration", metrics, "costUsd",
      "runStartedAt", "nextRunAt", "leaseOwner", "leaseExpiresAt", "lastEventAt", "createdAt", "updatedAt", "createdBy")
    SELECT gen_random_uuid(), '${prefix}' || n,
      jsonb_build_object('team', 'team-' || (n % 10), 'env', (ARRAY['prod','staging','dev'])[1 + n % 3]),
      jsonb_set(jsonb_set(jsonb_set(jsonb_set(g.spec,
        '{agent,executor}', to_jsonb((ARRAY[${SEED_EXECUTORS.map((executor) => `'${executor}'`).join(",")}])[1 + n % ${SEED_EXECUTORS.length}])),
        '{workspace,repo}', to_jsonb('https://git.example.com/acme/service-' || (n % ${SEED_REPOSITORIES}) || '.git')),
        '{stop,maxCostUsd}', to_jsonb(5 + (n % 4) * 5)),
        '{stop,maxIterations}', to_jsonb(greatest((g.spec->'stop'->>'maxIterations')::int, ${k} + (n % 3) * 10))),
      p.phase, r.reason, r.message, ${last}, ${last},
      jsonb_build_object('tests.pass_ratio', CASE WHEN p.phase IN ('Converged', 'AwaitingApproval') THEN 1 ELSE round((n % 20) / 20.0, 2) END,
        'lint.ok', CASE WHEN p.phase IN ('Converged', 'AwaitingApproval') THEN 1 ELSE n % 2 END, 'tests.duration_s', 1.5 + (n % 3) / 2.0),
      ${k} * round(0.01 * (1 + n % 7), 2), now() - interval '1 day', now() + CASE WHEN p.phase = 'Queued' THEN interval '1 year' ELSE interval '0' END,
      CASE WHEN p.phase = 'Running' THEN 'seed-runner-' || (n % 4) END,
      CASE WHEN p.phase = 'Running' THEN now() + interval '1 day' END,
      now() - n * interval '37 seconds', now() - interval '2 days', now(), 'seed'
    FROM "Goal" g
    CROSS JOIN generate_series(1, ${goals}) AS n
    CROSS JOIN LATERAL (SELECT ${phases} AS phase) AS p
    CROSS JOIN LATERAL (SELECT
      CASE p.phase WHEN 'Queued' THEN 'Applied' WHEN 'Running' THEN 'IterationStarted' WHEN 'AwaitingApproval' THEN 'ApprovalRequired'
        WHEN 'Paused' THEN 'PausedByUser' WHEN 'Converged' THEN 'TargetsMet' WHEN 'Stalled' THEN 'NoProgress'
        WHEN 'Exhausted' THEN (ARRAY['MaxIterations','MaxCost','MaxDuration'])[1 + n % 3] WHEN 'Failed' THEN (ARRAY['AgentFailures','RunnerError'])[1 + n % 2]
        ELSE 'CancelledByUser' END AS reason,
      CASE p.phase WHEN 'Queued' THEN 'waiting for a runner' WHEN 'Running' THEN 'iteration ${last} from iteration ${last - 1}'
        WHEN 'AwaitingApproval' THEN 'iteration ${last} waits for a person to approve or reject it' WHEN 'Paused' THEN 'paused after the current step'
        WHEN 'Converged' THEN 'every target holds at iteration ${last}' WHEN 'Stalled' THEN '3 iterations in a row improved no target'
        WHEN 'Exhausted' THEN 'a budget of stop ran out' WHEN 'Failed' THEN 'the agent failed 3 times in a row'
        ELSE 'cancelled; the runner stopped working on it' END AS message) AS r
    WHERE g.name = '${baseGoal}'`);
  // Measured iterations walking towards the goal's latest metrics, the newest one 2 to 60 minutes before
  // now, one every 10 minutes to 3 hours before it (100 iterations span 16 hours to 12 days); a waiting
  // goal's newest iteration holds its gate.
  await run(`
    INSERT INTO "Iteration" (id, "goalId", number, generation, phase, metrics, accepted, "costUsd", "leaseEpoch", approval, "approvalRequestedAt", "startedAt", "finishedAt")
    SELECT gen_random_uuid(), g.id, i, 1, 'Evaluated',
      jsonb_build_object('tests.pass_ratio', round((g.metrics->>'tests.pass_ratio')::numeric * i / ${Math.max(1, last)}, 3),
        'lint.ok', CASE WHEN i >= ${last} - s.n % 5 THEN (g.metrics->>'lint.ok')::int ELSE 0 END,
        'tests.duration_s', (g.metrics->>'tests.duration_s')::numeric + (${last} - i) / 10.0,
        'types.errors', greatest(0, 40 - i), 'security.findings', (i % 7)), true, round(0.01 * (1 + s.n % 7), 2), 1,
      CASE WHEN g.phase = 'AwaitingApproval' AND i = ${last} THEN 'pending' END,
      CASE WHEN g.phase = 'AwaitingApproval' AND i = ${last} THEN g."lastEventAt" END,
      t.finished - interval '40 seconds', t.finished
    FROM "Goal" g
    CROSS JOIN generate_series(0, ${last}) AS i
    CROSS JOIN LATERAL (SELECT substring(g.name FROM ${prefix.length + 1})::int AS n) AS s
    CROSS JOIN LATERAL (SELECT now() - (2 + s.n % 59) * interval '1 minute' - (${last} - i) * (10 + (s.n % 9) * 20) * interval '1 minute' AS finished) AS t
    WHERE g.name LIKE '${prefix}%' AND g."createdBy" = 'seed'`);
  // The event each goal's phase began with, when it was last changed.
  await run(`
    INSERT INTO "Event" ("goalId", "goalName", type, reason, message, actor, "createdAt")
    SELECT id, name, phase, reason, message, 'seed', "lastEventAt" FROM "Goal" WHERE name LIKE '${prefix}%' AND "createdBy" = 'seed'`);
  await run(`ANALYZE`);
}

// Removes what seedFleet wrote (its iterations and events go with the goals).
export async function removeFleet(run: (sql: string) => Promise<unknown>, prefix: string): Promise<void> {
  await run(`DELETE FROM "Goal" WHERE name LIKE '${prefix}%' AND "createdBy" = 'seed'`);
}

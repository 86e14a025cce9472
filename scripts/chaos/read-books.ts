// The books of a chaos run, read from the rows the runners wrote (iterations and their events), never
// from what the runners said: what was started, what became of each start, and how soon each goal a
// killed runner held was taken over by another.
import type { Db } from "../../server/db/client";
import { TERMINAL_PHASES } from "../../server/loop/types";
import { EDITS_METRIC } from "./stand-in-goal";

// A SIGKILL, or a SIGSTOP for longer than a lease (the runner, presumed dead, wakes up later).
export type Fault = { kind: "kill" | "pause"; at: number; runnerId: string; heldGoalIds: string[]; midIteration: number };
export type Claim = { at: number; owner: string };

export type Books = {
  goals: number;
  terminal: number;
  converged: number;
  phases: Record<string, number>;
  iterations: number;
  attempts: number;
  abandoned: number;
  lost: number;
  duplicates: number;
  miscounted: number;
  runnerErrors: number;
  // Per fault, per goal the runner held: seconds until another runner worked on it (null: never).
  recoveries: (number | null)[][];
};

const OUTCOMES = ["IterationEvaluated", "AgentFailed"];

export async function readBooks(db: Db, faults: Fault[], claims: Map<string, Claim[]>): Promise<Books> {
  const phases = await db.$queryRaw<{ phase: string; count: number }[]>`SELECT phase, count(*)::int AS count FROM "Goal" GROUP BY phase`;
  const byPhase = Object.fromEntries(phases.map((row) => [row.phase, row.count]));
  const goals = phases.reduce((sum, row) => sum + row.count, 0);

  // Per goal and iteration number: each start must end in an outcome or an interruption (and an
  // interrupted one is started again); one outcome at most; and the number must end with an outcome.
  const starts = await db.$queryRaw<{ starts: number; outcomes: number; interrupted: number }[]>`
    SELECT count(*) FILTER (WHERE type = 'IterationStarted')::int AS starts,
           count(*) FILTER (WHERE type = ANY(${OUTCOMES}))::int AS outcomes,
           count(*) FILTER (WHERE type = 'IterationInterrupted')::int AS interrupted
    FROM "Event"
    WHERE type = ANY(${[...OUTCOMES, "IterationStarted", "IterationInterrupted"]})
    GROUP BY "goalId", (data->>'iteration')::int`;
  const vanished = starts.reduce((sum, row) => sum + Math.max(0, row.starts - row.outcomes - row.interrupted), 0);
  const neverFinished = starts.filter((row) => row.outcomes === 0).length;
  const outcomeTwice = starts.reduce((sum, row) => sum + Math.max(0, row.outcomes - 1), 0);

  const [rows] = await db.$queryRaw<{ iterations: number; numbers: number; miscounted: number; abandoned: number; runnerErrors: number }[]>`
    SELECT count(*)::int AS iterations,
           count(DISTINCT ("goalId", number))::int AS numbers,
           count(*) FILTER (WHERE phase = 'Evaluated' AND (metrics->>${EDITS_METRIC})::numeric <> number)::int AS miscounted,
           (SELECT count(*)::int FROM "Event" WHERE type = 'IterationInterrupted' AND reason = 'RunnerLost') AS abandoned,
           (SELECT count(*)::int FROM "Event" WHERE type = 'RunnerError') AS "runnerErrors"
    FROM "Iteration"`;

  const recoveries: (number | null)[][] = [];
  for (const fault of faults) {
    recoveries.push(
      await Promise.all(
        fault.heldGoalIds.map(async (goalId) => {
          // Taken over: claimed by another runner (seen by the poll), or written for, whichever came first.
          const claim = claims.get(goalId)?.find((each) => each.at > fault.at && each.owner !== fault.runnerId);
          const claimed = claim ? (claim.at - fault.at) / 1000 : null;
          const written = await secondsUntilWritten(db, goalId, fault);
          return claimed === null ? written : written === null ? claimed : Math.min(claimed, written);
        }),
      ),
    );
  }

  return {
    goals,
    terminal: TERMINAL_PHASES.reduce((sum, phase) => sum + (byPhase[phase] ?? 0), 0),
    converged: byPhase.Converged ?? 0,
    phases: byPhase,
    iterations: rows.iterations,
    attempts: starts.reduce((sum, row) => sum + row.starts, 0),
    abandoned: rows.abandoned,
    lost: vanished + neverFinished,
    duplicates: outcomeTwice + (rows.iterations - rows.numbers),
    miscounted: rows.miscounted,
    runnerErrors: rows.runnerErrors,
    recoveries,
  };
}

// A runner's first event for the goal after the fault: the takeover marks the stopped runner's
// iteration interrupted, or starts the next one. A paused runner that wakes to find its lease still
// its own (no one needed the goal meanwhile) goes on, and that counts too; a killed one writes nothing.
async function secondsUntilWritten(db: Db, goalId: string, fault: Fault): Promise<number | null> {
  const other = fault.kind === "kill" ? fault.runnerId : "";
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT min("createdAt") AS at FROM "Event"
    WHERE "goalId" = ${goalId}::uuid AND "createdAt" > ${new Date(fault.at)} AND actor <> ${other}
      AND actor IN (SELECT id FROM "Runner")`;
  return row.at ? (row.at.getTime() - fault.at) / 1000 : null;
}

// What a stopped runner held: goals it was working on (not ones it had just finished but not yet
// handed back, which no one needs to take over), and how many of those had an iteration running.
export async function heldBy(db: Db, runnerId: string): Promise<{ heldGoalIds: string[]; midIteration: number }> {
  const rows = await db.$queryRaw<{ id: string; running: boolean }[]>`
    SELECT g.id, EXISTS (SELECT 1 FROM "Iteration" i WHERE i."goalId" = g.id AND i.phase = 'Running' AND i."runnerId" = ${runnerId}) AS running
    FROM "Goal" g
    WHERE g."leaseOwner" = ${runnerId} AND (g.phase = 'Running' OR (g.phase = 'Queued' AND g."nextRunAt" <= timezone('UTC', now())))`;
  return { heldGoalIds: rows.map((row) => row.id), midIteration: rows.filter((row) => row.running).length };
}

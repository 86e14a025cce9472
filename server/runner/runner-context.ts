// What every step of a runner works with: the database, who it is, its work folder, its log, and whom the
// goals' commands run as (a root runner's unprivileged users; null: the runner itself).
import type { PrismaClient } from "../generated/prisma/client";
import type { Lease } from "../queue/lease";
import type { GoalUsers } from "./goal-user";
import type { GoalState } from "./load-goal-state";

export type RunnerContext = {
  db: PrismaClient;
  runnerId: string;
  workDir: string;
  log: (line: string) => void;
  agentUsers: GoalUsers | null;
  // A pause, cancel or delete asked of a goal is NOTIFYd to the runners (setpoint_goal_request): whoever holds a
  // lease on it (the goal's, a candidate's) renews that lease at once, which reads the request. Returns the unwatch.
  watchRequests?: (goalId: string, renew: () => void) => () => void;
};

// One step of a claimed goal as the runner carries it out: under which lease, stopped by what, on the state it
// decided on, in which repository, and how a kept commit is published (the goal's branch, the remote's).
export type GoalStep = { ctx: RunnerContext; lease: Lease; signal: AbortSignal; state: GoalState; repoDir: string; publish: (commit: string) => Promise<void> };

// A best-effort write (release a lease, record a failure) while another error is handled: its own failure is
// said in the log, never swallowed.
export function logFailure(ctx: Pick<RunnerContext, "log">, what: string): (error: unknown) => void {
  return (error) => ctx.log(`could not ${what}: ${(error as Error)?.message ?? String(error)}`);
}

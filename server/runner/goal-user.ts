// Whom each goal's commands run as, when the runner is root. By default every goal has a system user of its
// own, `setpoint-g-<12 hex of its id>` with a group of its own, made on first use: one goal's commands
// cannot read or write another goal's worktree, home or prompt folder, nor read its processes'
// /proc/<pid>/environ (another uid's). SETPOINT_AGENT_USER names one user for all goals instead (say, where
// users cannot be made): then goals share it, and one goal's agent can reach another's files.
import { execCommand } from "../process/exec-command";
import type { RunCommand } from "../process/run-command";
import { isolatesAgents, lookUpUser, systemCommandFailure, type AgentUser } from "./agent-user";

export const GOAL_USER_PREFIX = "setpoint-g-";
const GOAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// forGoal rejects, saying why, when the goal's user cannot be had.
export type GoalUsers = { forGoal(goalId: string): Promise<AgentUser>; shared: AgentUser | null };

export function goalUserName(goalId: string): string {
  if (!GOAL_ID.test(goalId)) throw new Error(`goal id "${goalId}" cannot name a user`);
  return GOAL_USER_PREFIX + goalId.replace(/-/g, "").slice(0, 12);
}

// A deleted goal's user, with its group, once its home is gone. Kept (and null returned, with why) while a
// process of it still runs: userdel refuses then, and its uid must not go to a new goal meanwhile. `run` runs
// getent and userdel: the web server's default, since it cannot start the spawn helper; a runner's runCommand.
export async function removeGoalUser(goalId: string, run: RunCommand = execCommand): Promise<string | null> {
  if (!isolatesAgents() || !GOAL_ID.test(goalId)) return null;
  const name = goalUserName(goalId);
  if (!(await lookUpUser(name, run))) return null;
  return systemCommandFailure(run, "userdel", [name]);
}

// Every goal's user in a database that is going away with its goals (a test's, a benchmark's): each run would
// otherwise leave hundreds of system users behind, and every later useradd reads a longer /etc/passwd.
export async function removeGoalUsersOf(db: { goal: { findMany(args: { select: { id: true } }): Promise<{ id: string }[]> } }): Promise<void> {
  for (const goal of await db.goal.findMany({ select: { id: true } })) await removeGoalUser(goal.id);
}

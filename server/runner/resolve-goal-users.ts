// The runner's side of goal users (server/runner/goal-user.ts): which user each goal's commands run as, looked up
// and made on first use without blocking the runner's other slots, through the spawn helper (forking the runner
// itself costs its event loop tens of milliseconds). Kept out of goal-user.ts, which the web server imports too.
import { runCommand } from "../process/run-command";
import { createSystemUser, isolatesAgents, lookUpUser, notRoot, resolveAgentUser, type AgentUser } from "./agent-user";
import { goalUserName, type GoalUsers } from "./goal-user";

// Null when the runner is not root (nobody to switch to). `note` hears what was chosen.
export async function resolveGoalUsers(note: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<GoalUsers | null> {
  if (!isolatesAgents()) {
    await resolveAgentUser(note, env, runCommand); // refuses SETPOINT_AGENT_USER, saying why
    return null;
  }
  if (env.SETPOINT_AGENT_USER?.trim()) {
    const shared = (await resolveAgentUser(note, env, runCommand))!;
    return { shared, forGoal: async () => shared };
  }
  // One lookup (or making) per goal and process, shared by the slots that ask at once; a failure is asked again.
  const known = new Map<string, Promise<AgentUser>>();
  return {
    shared: null,
    forGoal(goalId) {
      const cached = known.get(goalId);
      if (cached) return cached;
      const user = ensureGoalUser(goalUserName(goalId), note);
      known.set(goalId, user);
      user.catch(() => known.delete(goalId));
      return user;
    },
  };
}

async function ensureGoalUser(name: string, note: (line: string) => void): Promise<AgentUser> {
  const existing = await lookUpUser(name, runCommand);
  if (existing) return notRoot(existing, `the user ${name}`);
  let failure: string | null = null;
  // useradd locks /etc/passwd: another runner making a user at the same moment makes it fail for a while.
  for (let attempt = 0; attempt < 10; attempt++) {
    failure = await createSystemUser(name, runCommand);
    const made = await lookUpUser(name, runCommand); // or another runner made this very user first
    if (made) {
      if (!failure) note(`created the system user ${name} (uid ${made.uid}) for a goal's commands`);
      return notRoot(made, `the user ${name}`);
    }
    if (!/lock/i.test(failure ?? "")) break;
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
  }
  throw new Error(
    `cannot run the goal's commands as a user of its own: creating the system user ${name} failed (${failure}); ` +
      "make useradd work for the runner, or set SETPOINT_AGENT_USER to one unprivileged user for all goals (which then share it)",
  );
}

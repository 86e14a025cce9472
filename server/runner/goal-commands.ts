// How a goal's commands (setup, agent, layers, reviewer) run on this runner: in its sandbox, as whom (a
// root runner's agent user), with its own HOME, and with a scrubbed environment and its secrets.
import fs from "node:fs";
import { dataDir } from "../config";
import type { Sandbox } from "../process/bwrap-args";
import { sandboxFor } from "../process/require-sandbox";
import type { RunAs } from "../process/spawn-child";
import { hiddenFolders } from "../evaluation/hidden-source";
import { agentEnvironment } from "./agent-environment";
import { ensureAgentHome } from "./agent-home";
import type { AgentUser } from "./agent-user";
import { giveWorktreeTo } from "./give-worktree";
import type { GoalState } from "./load-goal-state";

export type GoalCommands = { env: NodeJS.ProcessEnv; sandbox?: Sandbox; user?: RunAs };

// Once the worktree exists: a root runner hands it to the agent user first.
export async function prepareGoalCommands(
  workDir: string,
  agentUser: AgentUser | null,
  state: Pick<GoalState, "goal" | "spec" | "secrets">,
  worktree: string,
): Promise<GoalCommands> {
  const home = await ensureAgentHome(workDir, state.goal.id, agentUser);
  if (agentUser) await giveWorktreeTo(worktree, agentUser);
  const identity = agentUser ? { USER: agentUser.name, LOGNAME: agentUser.name } : {};
  return {
    env: { ...agentEnvironment(state.spec.env.pass, state.secrets), ...identity, HOME: home },
    // The data folder is hidden too: a runner that is not root runs the commands as itself, and its
    // credentials (the database's socket and passwords, the admin token) would be readable otherwise.
    // So are hidden checks' sources: under bwrap no command reads them where they are kept.
    sandbox: sandboxFor(state.spec, worktree, { home, hidden: [...(fs.existsSync(dataDir()) ? [dataDir()] : []), ...hiddenFolders(state.spec)] }),
    user: agentUser ? { uid: agentUser.uid, gid: agentUser.gid } : undefined,
  };
}

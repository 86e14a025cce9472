// Each goal's commands get a HOME of their own: writable (agent CLIs keep settings and sessions in
// $HOME/.claude*, .codex, .gemini), owned by the agent user, bound writable under bwrap, never shared
// by two goals, and removed with the goal. Keyed by the goal's id, so a goal deleted and applied again
// under the same name starts with an empty one.
import { chmod, lchown, lstat, mkdir, open, readdir } from "node:fs/promises";
import path from "node:path";
import { removeTree } from "../files/remove-tree";
import type { RunCommand } from "../process/run-command";
import type { RunAs } from "../process/spawn-child";
import { removeGoalUser } from "./goal-user";

const HOMES = "homes";
const GOAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Lets the agent's own git read the repository behind its worktree, which root owns (git refuses a
// repository owned by someone else unless told it is safe). The agent cannot write it either way.
const GITCONFIG = "[safe]\n\tdirectory = *\n";

export function agentHomePath(workDir: string, goalId: string): string {
  if (!GOAL_ID.test(goalId)) throw new Error(`goal id "${goalId}" cannot name a home folder`);
  return path.join(workDir, HOMES, goalId);
}

// user: the goal's agent user (a root runner), or null (the runner's own user, who made the folder anyway).
export async function ensureAgentHome(workDir: string, goalId: string, user: RunAs | null): Promise<string> {
  const home = agentHomePath(workDir, goalId);
  // Passage without listing: other goals' homes stay unnamed.
  await mkdir(path.dirname(home), { recursive: true });
  await chmod(path.dirname(home), 0o711);
  // A home of another user (the one user all goals shared before, or a goal user made again with another
  // uid) is not handed over, which would follow links its owner left: it starts again, empty.
  const owner = await lstat(home).then(
    (stat) => stat.uid,
    () => null,
  );
  if (user && owner !== null && owner !== user.uid) await removeTree(home);
  const made = await mkdir(home, { mode: 0o700 }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return false;
      throw error;
    },
  );
  if (!made) return home;
  if (user) await lchown(home, user.uid, user.gid);
  await chmod(home, 0o700);
  // Written once, into the folder just made: later, the agent owns it and could plant a link where it was.
  const file = await open(path.join(home, ".gitconfig"), "wx", 0o644);
  try {
    await file.writeFile(GITCONFIG);
    if (user) await file.chown(user.uid, user.gid);
  } finally {
    await file.close();
  }
  return home;
}

// With it, the goal's own user (a root runner's), unless a process of it still runs: then it stays, and
// the returned line says why. `run` runs getent and userdel (removeGoalUser's default in the web server).
export async function removeAgentHome(workDir: string, goalId: string, run?: RunCommand): Promise<string | null> {
  const home = agentHomePath(workDir, goalId);
  // The agent user's folder: removed without following a link it may swap in meanwhile.
  await removeTree(home);
  // An empty home, root's, marks the user still to remove: a runner's start sweeps it again
  // (removeHomesOfDeletedGoals), or the user would stay for good once its home was gone.
  const markUserToRemove = () => mkdir(home, { mode: 0o700 }).catch(() => {});
  const kept = await removeGoalUser(goalId, run).catch(async (error: Error) => {
    await markUserToRemove();
    throw error;
  });
  if (!kept) return null;
  await markUserToRemove();
  return `kept the user of deleted goal ${goalId}: ${kept}; a runner's next start removes it`;
}

// The homes of goals deleted while this runner's machine had no web server to remove them. `existing`
// says which of the listed goal ids still exist; `run` runs getent and userdel (the runner's runCommand).
// A home that cannot be removed is logged and left for the next start: a sweep never stops a runner starting.
export async function removeHomesOfDeletedGoals(
  workDir: string,
  existing: (ids: string[]) => Promise<ReadonlySet<string>>,
  run: RunCommand,
  log: (line: string) => void,
): Promise<string[]> {
  const names = (await readdir(path.join(workDir, HOMES)).catch(() => [] as string[])).filter((name) => GOAL_ID.test(name));
  if (names.length === 0) return [];
  const kept = await existing(names);
  const removed: string[] = [];
  for (const name of names.filter((each) => !kept.has(each))) {
    try {
      const why = await removeAgentHome(workDir, name, run);
      if (why) log(why);
      else removed.push(name);
    } catch (error) {
      log(`could not remove the home of deleted goal ${name}, left for the next start: ${(error as Error).message}`);
    }
  }
  return removed;
}

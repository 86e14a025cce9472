// Where an agent's prompt file lives: a 0700 folder in the system's temporary folder, outside the worktree so it
// is never committed, named after the runner process that made it. A runner removes its folders when the agent
// ends; a runner killed with SIGKILL cannot, so the next runner to start on this machine removes the folders of
// runner processes that no longer live.
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { removeTree } from "../files/remove-tree";
import { processAlive } from "../process/process-alive";

const PREFIX = "setpoint-prompt-";

export function makePromptFolder(tmp = os.tmpdir()): Promise<string> {
  return mkdtemp(path.join(tmp, `${PREFIX}${process.pid}-`));
}

// Returns the folders removed. Folders of live processes (this one's, another runner's) are left.
export async function sweepPromptFolders(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    const pid = Number(/^setpoint-prompt-(\d+)-/.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    const folder = path.join(tmp, name);
    await removeTree(folder);
    removed.push(folder);
  }
  return removed;
}

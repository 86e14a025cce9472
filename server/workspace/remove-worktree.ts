// Removes an iteration's worktree however it was left: finished, half-created by a killed process,
// registered but deleted, or a plain folder that git never knew about.
import { realpath, rm } from "node:fs/promises";
import path from "node:path";
import { removeTree } from "../files/remove-tree";
import { gitCommonDir } from "./common-dir";
import { adminDirsFor, worktreeDraftDir } from "./worktree-admin-dirs";

export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  const target = path.resolve(dir);
  const commonDir = await gitCommonDir(repoDir);
  const real = await realTarget(target);
  if (`${commonDir}${path.sep}`.startsWith(`${real}${path.sep}`)) throw new Error(`refusing to remove ${target}: it holds the repository ${repoDir}`);
  const entries = await adminDirsFor(commonDir, new Set([target, real]));
  // What `git worktree remove --force --force` and `prune` would do, without starting git twice per
  // iteration: the folder goes, then git's record of it (a locked one too, left by a killed `worktree add`).
  // The folder is the agent user's to write in: removed without following a link it may swap in meanwhile.
  await removeTree(target);
  for (const entry of entries) await rm(entry, { recursive: true, force: true });
  await rm(worktreeDraftDir(commonDir, real), { recursive: true, force: true }); // a crash's half-made record
}

// git records real paths; the target may not exist, so resolve its nearest existing ancestor.
async function realTarget(target: string): Promise<string> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

// An iteration's worktree as the runner's git addresses it: the folder, and git's admin folder for it in the
// repository's common dir (its HEAD, index, and the way to the objects and the repository's config). Both
// come from the runner's own records, never from the worktree's .git, which an agent can replace.
import { realpath } from "node:fs/promises";
import path from "node:path";
import { gitCommonDir } from "./common-dir";
import { adminDirsFor } from "./worktree-admin-dirs";

export type Worktree = { dir: string; gitDir: string };

// Right after `git worktree add`, before any agent runs: the admin folder whose gitdir file names this worktree.
export async function findWorktree(repoDir: string, dir: string): Promise<Worktree> {
  const target = path.resolve(dir);
  const found = await adminDirsFor(await gitCommonDir(repoDir), new Set([target, await realpath(target)]));
  if (found.length !== 1)
    throw new Error(`git's record of the worktree ${target} in ${repoDir} ${found.length === 0 ? "is missing" : `is there ${found.length} times`}`);
  return { dir: target, gitDir: found[0] };
}

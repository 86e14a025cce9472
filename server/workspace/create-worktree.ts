// Each iteration runs in its own detached worktree, so the goal branch moves only when an iteration is accepted.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";
import { removeWorktree } from "./remove-worktree";
import { retryOnGitLock } from "./retry-on-git-lock";
import { findWorktree, type Worktree } from "./worktree";

// Returns how the runner's git addresses it from now on (see Worktree).
export async function createWorktree(repoDir: string, dir: string, commit: string): Promise<Worktree> {
  const target = path.resolve(dir);
  // The loop passes full shas it has checked are in the clone; `worktree add` refuses a missing one itself.
  const sha = isFullSha(commit) ? commit : await resolveCommit(repoDir, commit);
  // A runner killed mid-iteration leaves the folder and git's record of it; start clean.
  await removeWorktree(repoDir, target);
  await mkdir(path.dirname(target), { recursive: true });
  await retryOnGitLock(
    () => runGit(["worktree", "add", "--detach", "--quiet", target, sha], { cwd: repoDir }),
    () => removeWorktree(repoDir, target),
  );
  return findWorktree(repoDir, target);
}

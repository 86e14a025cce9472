// Puts a worktree back to its commit when something that must not edit it (a reviewer) did.
// Returns the paths that had changed, or [] when nothing had.
import { runGit } from "./run-git";
import type { Worktree } from "./worktree";

export async function worktreeStatus(worktree: Worktree): Promise<string> {
  return (await runGit(["status", "--porcelain", "--untracked-files=all", "--ignore-submodules=all"], { worktree })).stdout;
}

export async function undoChangesSince(worktree: Worktree, statusBefore: string): Promise<string[]> {
  const now = await worktreeStatus(worktree);
  if (now === statusBefore) return [];
  const before = new Set(statusBefore.split("\n"));
  const changed = now
    .split("\n")
    .filter((line) => line && !before.has(line))
    .map((line) => line.slice(3));
  await runGit(["reset", "--quiet", "--hard", "HEAD"], { worktree });
  // -ff: a repository it planted in a subfolder goes too.
  await runGit(["clean", "-ffdq"], { worktree });
  return changed;
}

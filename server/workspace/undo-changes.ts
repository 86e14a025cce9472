// Puts a worktree back to its commit when something that must not edit it (a reviewer) did.
// Returns the paths that had changed, or [] when nothing had.
import { runGit } from "./run-git";

export async function worktreeStatus(worktree: string): Promise<string> {
  return (await runGit(["status", "--porcelain", "--untracked-files=all"], { cwd: worktree })).stdout;
}

export async function undoChangesSince(worktree: string, statusBefore: string): Promise<string[]> {
  const now = await worktreeStatus(worktree);
  if (now === statusBefore) return [];
  const before = new Set(statusBefore.split("\n"));
  const changed = now.split("\n").filter((line) => line && !before.has(line)).map((line) => line.slice(3));
  await runGit(["reset", "--quiet", "--hard", "HEAD"], { cwd: worktree });
  await runGit(["clean", "-fdq"], { cwd: worktree });
  return changed;
}

// Concurrent git operations on one repository collide on git's lock files; a short retry resolves it,
// and a lock file far older than any git operation was left by a killed process and is removed.
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { GitError } from "./run-git";

const ATTEMPTS = 12;
const STALE_LOCK_MS = 60_000;

export async function retryOnGitLock<T>(action: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof GitError) || !isLockError(error.stderr) || attempt >= ATTEMPTS) throw error;
      await removeStaleLock(error.stderr, error.cwd);
      await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random()));
      await beforeRetry?.();
    }
  }
}

// The last pattern: a git that reads every worktree's record can find one that a `git worktree add` run outside
// the runner (a repository used in place) is still writing: its folder without its files. The runner's own
// records appear whole (create-worktree.ts).
export function isLockError(stderr: string): boolean {
  return /\.lock'?: File exists|cannot lock ref|could not lock|unable to lock|could not create directory of '[^']*worktrees|failed to read \S*worktrees\/[^/\s]+\/(commondir|gitdir)/i.test(
    stderr,
  );
}

async function removeStaleLock(stderr: string, cwd: string): Promise<void> {
  const match = /Unable to create '([^']+\.lock)'/.exec(stderr);
  if (!match) return;
  const lockPath = path.resolve(cwd, match[1]);
  try {
    const info = await stat(lockPath);
    if (Date.now() - info.mtimeMs > STALE_LOCK_MS) await rm(lockPath, { force: true });
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Records whatever the agent left in its worktree as one commit, whether or not the agent committed itself.
import { runGit } from "./run-git";
import { resolveCommit } from "./resolve-commit";
import { worktreeChanges, type WorktreeChanges } from "./worktree-changes";
import { retryOnGitLock } from "./retry-on-git-lock";

export type CommitResult = {
  commit: string; // HEAD after committing
  changed: boolean; // HEAD differs from the commit the iteration started from
};

// Agents' own caches are not their work (Aider keeps a repo-map cache in the repository's top folder).
const AGENT_CACHES = [":(exclude,glob).aider.tags.cache.*/**"];

// changes: what worktreeChanges found, when the caller has already asked.
export async function commitAll(worktree: string, message: string, startCommit: string, changes?: WorktreeChanges): Promise<CommitResult> {
  const found = changes ?? (await worktreeChanges(worktree, startCommit));
  // Nothing left to commit (the agent changed nothing, or committed itself): no more git calls.
  if (!found.dirty) return { commit: found.head, changed: found.head !== found.start };

  await retryOnGitLock(() => runGit(["add", "--all", "--", ".", ...AGENT_CACHES], { cwd: worktree }));
  const staged = await runGit(["diff", "--cached", "--quiet", "--no-ext-diff"], { cwd: worktree, okCodes: [0, 1] });
  if (staged.code === 1) {
    await retryOnGitLock(() => runGit(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-m", message || "setpoint: iteration"], { cwd: worktree }));
  }
  const after = await resolveCommit(worktree, "HEAD");
  return { commit: after, changed: after !== found.start };
}

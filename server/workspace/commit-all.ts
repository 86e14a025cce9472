// Records whatever the agent left in its worktree as one commit, whether or not the agent committed itself.
import { runGit } from "./run-git";
import { retryOnGitLock } from "./retry-on-git-lock";

export type CommitResult = {
  commit: string; // HEAD after committing
  changed: boolean; // HEAD differs from the commit the iteration started from
};

// Agents' own caches are not their work (Aider keeps a repo-map cache in the repository's top folder).
const AGENT_CACHES = [":(exclude,glob).aider.tags.cache.*/**"];

export async function commitAll(worktree: string, message: string, startCommit: string): Promise<CommitResult> {
  await retryOnGitLock(() => runGit(["add", "--all", "--", ".", ...AGENT_CACHES], { cwd: worktree }));
  const staged = await runGit(["diff", "--cached", "--quiet", "--no-ext-diff"], { cwd: worktree, okCodes: [0, 1] });
  if (staged.code === 1) {
    await retryOnGitLock(() => runGit(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-m", message || "setpoint: iteration"], { cwd: worktree }));
  }
  const head = (await runGit(["rev-parse", "--verify", "HEAD^{commit}"], { cwd: worktree })).stdout.trim();
  const start = (await runGit(["rev-parse", "--verify", "--end-of-options", `${startCommit}^{commit}`], { cwd: worktree })).stdout.trim();
  return { commit: head, changed: head !== start };
}

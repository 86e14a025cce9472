// Records whatever the agent left in its worktree as one commit, whether or not the agent committed itself.
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";
import { retryOnGitLock } from "./retry-on-git-lock";

export type CommitResult = {
  commit: string; // HEAD after committing
  changed: boolean; // HEAD differs from the commit the iteration started from
};

// Agents' own caches are not their work (Aider keeps a repo-map cache in the repository's top folder).
const AGENT_CACHES = [":(exclude,glob).aider.tags.cache.*/**"];

export async function commitAll(worktree: string, message: string, startCommit: string): Promise<CommitResult> {
  // One git call answers the common case of an agent that left nothing to commit (or committed itself).
  const status = await runGit(["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all"], { cwd: worktree });
  const head = /^# branch\.oid ([0-9a-f]{40,64})$/m.exec(status.stdout.replaceAll("\0", "\n"))?.[1];
  const clean = !status.stdout.split("\0").some((entry) => entry !== "" && !entry.startsWith("#"));
  if (head && clean) return { commit: head, changed: head !== (isFullSha(startCommit) ? startCommit : await resolveCommit(worktree, startCommit)) };

  await retryOnGitLock(() => runGit(["add", "--all", "--", ".", ...AGENT_CACHES], { cwd: worktree }));
  const staged = await runGit(["diff", "--cached", "--quiet", "--no-ext-diff"], { cwd: worktree, okCodes: [0, 1] });
  if (staged.code === 1) {
    await retryOnGitLock(() => runGit(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-m", message || "setpoint: iteration"], { cwd: worktree }));
  }
  const after = await resolveCommit(worktree, "HEAD");
  return { commit: after, changed: after !== (await resolveCommit(worktree, startCommit)) };
}

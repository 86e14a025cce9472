// Accepting an iteration moves the goal's branch by ref update, since iteration worktrees are detached.
import { runGit } from "./run-git";
import { assertBranchName } from "./assert-branch-name";
import { isFullSha, resolveCommit } from "./resolve-commit";
import { retryOnGitLock } from "./retry-on-git-lock";

export async function moveBranch(repoDir: string, branch: string, commit: string): Promise<void> {
  await assertBranchName(repoDir, branch);
  const sha = isFullSha(commit) ? commit : await resolveCommit(repoDir, commit);
  await retryOnGitLock(() => runGit(["update-ref", "-m", `setpoint: move ${branch}`, `refs/heads/${branch}`, sha], { cwd: repoDir }));
}

// With workspace.push, accepted iterations are published; the loop owns the branch, so the push is forced.
import { runGit } from "./run-git";
import { branchCommit } from "./branch-commit";
import { retryOnGitLock } from "./retry-on-git-lock";

export async function pushBranch(repoDir: string, branch: string, remote = "origin"): Promise<void> {
  const remotes = (await runGit(["remote"], { cwd: repoDir })).stdout.split("\n").map((name) => name.trim());
  if (!remotes.includes(remote)) throw new Error(`cannot push ${branch}: ${repoDir} has no remote named "${remote}"`);
  const commit = await branchCommit(repoDir, branch);
  if (!commit) throw new Error(`cannot push ${branch}: there is no branch ${branch} in ${repoDir}`);
  try {
    await retryOnGitLock(() => runGit(["push", "--quiet", "--no-verify", remote, `+${commit}:refs/heads/${branch}`], { cwd: repoDir }));
  } catch (error) {
    throw new Error(`could not push ${branch} to ${remote}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// With workspace.push, accepted iterations are published; the loop owns the branch, so the push is forced.
import { runGit } from "./run-git";
import { branchCommit } from "./branch-commit";
import { retryOnGitLock } from "./retry-on-git-lock";

export async function pushBranch(repoDir: string, branch: string, remote = "origin"): Promise<void> {
  await requireRemote(repoDir, branch, remote);
  const commit = await branchCommit(repoDir, branch);
  if (!commit) throw new Error(`cannot push ${branch}: there is no branch ${branch} in ${repoDir}`);
  await push(repoDir, commit, branch, remote);
}

// A given commit to the branch (a converged one, for its pull request). `env` carries credentials for
// this push only, never written to the repository's config.
export async function pushCommit(repoDir: string, commit: string, branch: string, env?: Record<string, string>): Promise<void> {
  await requireRemote(repoDir, branch, "origin");
  await push(repoDir, commit, branch, "origin", env);
}

async function requireRemote(repoDir: string, branch: string, remote: string): Promise<void> {
  const remotes = (await runGit(["remote"], { cwd: repoDir })).stdout.split("\n").map((name) => name.trim());
  if (!remotes.includes(remote)) throw new Error(`cannot push ${branch}: ${repoDir} has no remote named "${remote}"`);
}

async function push(repoDir: string, commit: string, branch: string, remote: string, env?: Record<string, string>): Promise<void> {
  try {
    await retryOnGitLock(() => runGit(["push", "--quiet", "--no-verify", remote, `+${commit}:refs/heads/${branch}`], { cwd: repoDir, env }));
  } catch (error) {
    throw new Error(`could not push ${branch} to ${remote}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

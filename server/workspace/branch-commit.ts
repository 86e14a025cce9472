// Where a goal's branch points now, or null before its first accepted iteration.
import { runGit } from "./run-git";
import { assertBranchName } from "./assert-branch-name";

export async function branchCommit(repoDir: string, branch: string): Promise<string | null> {
  await assertBranchName(repoDir, branch);
  const result = await runGit(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], { cwd: repoDir, okCodes: [0, 1] });
  return result.code === 0 ? result.stdout.trim() : null;
}

// A branch name is checked by git's own rules before it is pasted into a ref path.
import { runGit } from "./run-git";

export async function assertBranchName(repoDir: string, branch: string): Promise<void> {
  const result = await runGit(["check-ref-format", `refs/heads/${branch}`], { cwd: repoDir, okCodes: [0, 1] });
  if (result.code !== 0 || branch.startsWith("-")) throw new Error(`"${branch}" is not a valid branch name`);
}

// A branch name is checked by git's own rules before it is pasted into a ref path; a name that passed
// once passes again, so it is checked once per process.
import { runGit } from "./run-git";

const valid = new Set<string>();

export async function assertBranchName(repoDir: string, branch: string): Promise<void> {
  if (valid.has(branch)) return;
  const result = await runGit(["check-ref-format", `refs/heads/${branch}`], { cwd: repoDir, okCodes: [0, 1] });
  if (result.code !== 0 || branch.startsWith("-")) throw new Error(`"${branch}" is not a valid branch name`);
  valid.add(branch);
}

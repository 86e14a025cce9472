// The tree a commit records: what a certificate names besides the commit, so the files can be checked without history.
import { runGit } from "./run-git";

export async function treeOf(repoDir: string, commit: string): Promise<string> {
  const result = await runGit(["rev-parse", "--verify", "--end-of-options", `${commit}^{tree}`], { cwd: repoDir });
  return result.stdout.trim();
}

// Turns a ref the user wrote (branch, tag, sha, HEAD~2) into the full commit sha, or says which ref is missing.
import { runGit } from "./run-git";

export async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  const sha = await findCommit(repoDir, ref);
  if (!sha) throw new Error(`ref "${ref}" does not name a commit in ${repoDir}`);
  return sha;
}

// The full sha, or null when the repository holds no such commit (git failing for another reason still throws).
export async function findCommit(repoDir: string, ref: string): Promise<string | null> {
  const result = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], { cwd: repoDir, okCodes: [0, 1] });
  const sha = result.stdout.trim();
  return result.code === 0 && sha ? sha : null;
}

// A full sha needs no lookup to be compared; whether the commit exists is for the git call using it to say.
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(ref);
}

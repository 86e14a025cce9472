// Turns a ref the user wrote (branch, tag, sha, HEAD~2) into the full commit sha, or says which ref is missing.
import { gitPlace, runGit } from "./run-git";
import type { Worktree } from "./worktree";

export async function resolveCommit(where: string | Worktree, ref: string): Promise<string> {
  const sha = await findCommit(where, ref);
  if (!sha) throw new Error(`ref "${ref}" does not name a commit in ${typeof where === "string" ? where : where.dir}`);
  return sha;
}

// The full sha, or null when the repository holds no such commit (git failing for another reason still throws).
export async function findCommit(where: string | Worktree, ref: string): Promise<string | null> {
  const result = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], { ...gitPlace(where), okCodes: [0, 1] });
  const sha = result.stdout.trim();
  return result.code === 0 && sha ? sha : null;
}

// A full sha needs no lookup to be compared; whether the commit exists is for the git call using it to say.
export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(ref);
}

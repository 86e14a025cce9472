// Each iteration runs in its own detached worktree, so the goal branch moves only when an iteration is accepted.
import { chmod, mkdir, mkdtemp, realpath, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gitCommonDir } from "./common-dir";
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";
import { removeWorktree } from "./remove-worktree";
import type { Worktree } from "./worktree";

// Returns how the runner's git addresses it from now on (see Worktree).
export async function createWorktree(repoDir: string, dir: string, commit: string): Promise<Worktree> {
  const target = path.resolve(dir);
  // The loop passes full shas it has checked are in the clone; a missing one fails the checkout below.
  const sha = isFullSha(commit) ? commit : await resolveCommit(repoDir, commit);
  // A runner killed mid-iteration leaves the folder and git's record of it; start clean.
  await removeWorktree(repoDir, target);
  await mkdir(path.dirname(target), { recursive: true });
  await mkdir(target); // not recursive: a link put in its place since the removal fails here instead of being followed
  const worktree = { dir: target, gitDir: await registerWorktree(await gitCommonDir(repoDir), await realpath(target), sha) };
  try {
    // What `git worktree add --detach` runs once it has written the record, in one git process instead of
    // three (it starts `git update-ref` and `git reset --hard` for the work): an iteration's largest git cost.
    await runGit(["reset", "--hard", "--no-recurse-submodules", "--quiet", sha], { worktree });
  } catch (error) {
    await removeWorktree(repoDir, target);
    throw error;
  }
  return worktree;
}

// git's record of a detached worktree, as `git worktree add` writes it: <common>/worktrees/<name>/ with the
// worktree's .git path, the way back to the common dir and HEAD, and the worktree's .git file pointing at it.
// The record is filled in a folder of its own, then renamed into place: a git reading every worktree's record
// meanwhile never finds a half-written one, and a name already taken is refused by the rename, not overwritten.
async function registerWorktree(commonDir: string, realDir: string, sha: string): Promise<string> {
  const adminRoot = path.join(commonDir, "worktrees");
  await mkdir(adminRoot, { recursive: true });
  const draft = await mkdtemp(path.join(commonDir, "setpoint-worktree-"));
  try {
    await chmod(draft, 0o755); // as git makes it: mkdtemp's 0700 would shut out an agent user reading its .git
    await writeFile(path.join(draft, "gitdir"), `${path.join(realDir, ".git")}\n`);
    await writeFile(path.join(draft, "commondir"), "../..\n");
    await writeFile(path.join(draft, "HEAD"), `${sha}\n`);
    const name = recordName(realDir);
    for (let suffix = 0; ; suffix++) {
      const adminDir = path.join(adminRoot, suffix ? `${name}${suffix}` : name);
      try {
        await rename(draft, adminDir);
      } catch (error) {
        if (["ENOTEMPTY", "EEXIST"].includes((error as NodeJS.ErrnoException).code ?? "")) continue;
        throw error;
      }
      await writeFile(path.join(realDir, ".git"), `gitdir: ${adminDir}\n`);
      return adminDir;
    }
  } finally {
    await rm(draft, { recursive: true, force: true }); // gone already once renamed
  }
}

// git names the record after the worktree's folder, keeping what a ref name allows.
function recordName(realDir: string): string {
  return (
    path
      .basename(realDir)
      .replace(/[^A-Za-z0-9._-]/g, "-")
      .replace(/^\.+/, "") || "worktree"
  );
}

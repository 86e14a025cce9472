// Each iteration runs in its own detached worktree, so the goal branch moves only when an iteration is accepted.
import { mkdir, realpath, rename, rm, writeFile } from "node:fs/promises";
import { entryExists } from "../files/entry-exists";
import path from "node:path";
import { gitCommonDir } from "./common-dir";
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";
import { removeWorktree } from "./remove-worktree";
import type { Worktree } from "./worktree";
import { worktreeDraftDir } from "./worktree-admin-dirs";

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
// The record is filled in a draft folder (one per worktree, so removeWorktree clears one a crash left), then
// renamed into place whole: a git reading every worktree's record meanwhile never finds a half-written one.
// Until the .git file exists it holds `locked`, as git's own does, or a `git worktree prune` or `gc` running
// meanwhile (the runner's own commits can start one) would remove it as the record of a worktree that is gone.
// Worktrees are always full checkouts: a repository's sparse-checkout settings are not copied.
async function registerWorktree(commonDir: string, realDir: string, sha: string): Promise<string> {
  const draft = worktreeDraftDir(commonDir, realDir);
  await mkdir(draft, { mode: 0o755 }); // as git makes it: an agent user may read its .git
  for (const [file, text] of [
    ["gitdir", path.join(realDir, ".git")],
    ["commondir", "../.."],
    ["HEAD", sha],
    ["locked", "initializing"],
  ])
    await writeFile(path.join(draft, file), `${text}\n`);
  const adminDir = await claimRecordName(path.join(commonDir, "worktrees"), recordName(realDir), draft);
  await writeFile(path.join(realDir, ".git"), `gitdir: ${adminDir}\n`, { flag: "wx" });
  await rm(path.join(adminDir, "locked"));
  return adminDir;
}

// The first free name, numbered on a clash as git numbers it (an empty folder, a file or a link all take a
// name). The draft is renamed straight into place, never over a folder claimed empty first: a prune that saw
// such an empty folder would delete it, record and all, once the draft was in it. A name taken between the look
// and the rename is refused by the rename (a folder with files in it, a file); a prune that removed the records'
// folder itself is met by making it again.
async function claimRecordName(adminRoot: string, name: string, draft: string): Promise<string> {
  for (let suffix = 0, attempts = 0; ; attempts++) {
    const adminDir = path.join(adminRoot, suffix ? `${name}${suffix}` : name);
    try {
      if (await entryExists(adminDir)) {
        suffix++;
        continue;
      }
      await mkdir(adminRoot, { recursive: true });
      await rename(draft, adminDir);
      return adminDir;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST" || code === "ENOTEMPTY" || code === "ENOTDIR") suffix++;
      else if (code !== "ENOENT" || attempts >= 10) throw error;
    }
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

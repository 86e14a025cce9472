// Removes an iteration's worktree however it was left: finished, half-created by a killed process,
// registered but deleted, or a plain folder that git never knew about.
import { readFile, readdir, realpath, rm, stat } from "node:fs/promises";
import path from "node:path";
import { runGit } from "./run-git";
import { retryOnGitLock } from "./retry-on-git-lock";

export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  const target = path.resolve(dir);
  const commonDir = (await runGit(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: repoDir })).stdout.trim();
  const real = await realTarget(target);
  if (`${commonDir}${path.sep}`.startsWith(`${real}${path.sep}`)) throw new Error(`refusing to remove ${target}: it holds the repository ${repoDir}`);
  const entries = await adminEntriesFor(commonDir, new Set([target, real]));
  const present = await stat(target).then(() => true, () => false);
  if (!present && entries.length === 0) return;
  if (present && entries.length > 0) {
    // Twice --force: also removes a worktree a killed `git worktree add` left locked ("initializing").
    await runGit(["worktree", "remove", "--force", "--force", target], { cwd: repoDir }).catch(() => {});
  }
  await rm(target, { recursive: true, force: true });
  // Entries git cannot prune itself (locked, or pointing at a folder that exists again) are removed directly.
  for (const entry of entries) await rm(entry, { recursive: true, force: true });
  await retryOnGitLock(() => runGit(["worktree", "prune"], { cwd: repoDir }));
}

// The folders under <common git dir>/worktrees/ whose gitdir file points at <target>/.git.
async function adminEntriesFor(commonDir: string, wanted: Set<string>): Promise<string[]> {
  const adminRoot = path.join(commonDir, "worktrees");
  const names = await readdir(adminRoot).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names) {
    const entry = path.join(adminRoot, name);
    const gitdir = await readFile(path.join(entry, "gitdir"), "utf8").catch(() => "");
    if (gitdir.trim() && wanted.has(path.dirname(path.resolve(entry, gitdir.trim())))) found.push(entry);
  }
  return found;
}

// git records real paths; the target may not exist, so resolve its nearest existing ancestor.
async function realTarget(target: string): Promise<string> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

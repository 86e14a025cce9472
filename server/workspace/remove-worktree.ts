// Removes an iteration's worktree however it was left: finished, half-created by a killed process,
// registered but deleted, or a plain folder that git never knew about.
import { readFile, readdir, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { gitCommonDir } from "./common-dir";

export async function removeWorktree(repoDir: string, dir: string): Promise<void> {
  const target = path.resolve(dir);
  const commonDir = await gitCommonDir(repoDir);
  const real = await realTarget(target);
  if (`${commonDir}${path.sep}`.startsWith(`${real}${path.sep}`)) throw new Error(`refusing to remove ${target}: it holds the repository ${repoDir}`);
  const entries = await adminEntriesFor(commonDir, new Set([target, real]));
  // What `git worktree remove --force --force` and `prune` would do, without starting git twice per
  // iteration: the folder goes, then git's record of it (a locked one too, left by a killed `worktree add`).
  await rm(target, { recursive: true, force: true });
  for (const entry of entries) await rm(entry, { recursive: true, force: true });
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

// git keeps one admin folder per worktree under <common dir>/worktrees/, named after the worktree's folder
// (with a number added on a clash); its gitdir file holds the real path of the worktree's .git.
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";

// The admin folders whose gitdir file points at <one of wanted>/.git.
export async function adminDirsFor(commonDir: string, wanted: Set<string>): Promise<string[]> {
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

// Where create-worktree.ts fills a worktree's record before renaming it into place: one folder per worktree.
export function worktreeDraftDir(commonDir: string, realDir: string): string {
  return path.join(commonDir, `setpoint-worktree-${createHash("sha256").update(realDir).digest("hex").slice(0, 16)}`);
}

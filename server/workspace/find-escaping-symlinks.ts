// An agent's symlink that points outside its worktree could let later steps read or write the host;
// list them so the iteration can be refused.
import { lstat, readlink, realpath } from "node:fs/promises";
import path from "node:path";

const BATCH = 256;

// The paths an iteration changed (see worktreeChanges): a link the agent made or changed is its doing; links
// the repository already had are the repository's.
export async function findEscapingSymlinks(worktree: string, paths: string[]): Promise<string[]> {
  const root = await realpath(worktree);
  const files = [...new Set(paths)];
  const escaping: string[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    const flags = await Promise.all(batch.map((file) => escapes(root, file)));
    escaping.push(...batch.filter((_, index) => flags[index]));
  }
  return escaping.sort();
}

async function escapes(root: string, file: string): Promise<boolean> {
  const full = path.join(root, file);
  const info = await lstat(full).catch(() => null); // listed in the index but deleted from disk
  if (!info?.isSymbolicLink()) return false;
  // Follow the whole chain when it resolves; a dangling link is judged by where it points on paper.
  const target = await realpath(full).catch(async () => path.resolve(path.dirname(full), await readlink(full)));
  return target !== root && !target.startsWith(`${root}${path.sep}`);
}

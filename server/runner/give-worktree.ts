// A worktree made by a root runner, handed to the agent user: everything in it becomes the agent's to
// edit, while the folder itself and its `.git` file stay root's. The folder is group-writable for the
// agent's group with the sticky bit, so the agent can add, change and remove its own files there but
// cannot remove or replace `.git` (sticky: only a file's owner may unlink it), and git run by root
// still trusts the worktree (its top folder and .git file are root's, so the ownership check passes).
import { constants } from "node:fs";
import { chmod, lchown, open, readdir, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { RunAs } from "../process/spawn-child";

const root = () => process.getuid?.() ?? 0;

// Right after checkout, before any of the goal's commands ran in it.
export async function giveWorktreeTo(dir: string, user: RunAs): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === ".git") continue;
    await giveAll(path.join(dir, entry.name), entry.isDirectory(), user);
  }
  await lchown(dir, root(), user.gid);
  await chmod(dir, 0o1770);
}

// Depth first, a folder after what is in it: until then it is root's, so nothing running as the agent
// user can add, swap or link anything inside a folder while it is walked. lchown: a symlink from the
// repository is handed over itself, never what it points at.
async function giveAll(file: string, isDirectory: boolean, user: RunAs): Promise<void> {
  if (isDirectory) {
    for (const entry of await readdir(file, { withFileTypes: true })) await giveAll(path.join(file, entry.name), entry.isDirectory(), user);
  }
  await lchown(file, user.uid, user.gid);
}

// After root's git put back what a reviewer changed (`paths`, relative): those files, and any folder git
// made again for them, are root's. Each is handed back alone, reached from the worktree's own folder one
// real folder at a time (never through a link), and changed through its descriptor: a process of the agent
// user still running (a daemon that left its group, or another goal's agent) may swap a folder it owns for
// a link while this walks, and a lookup by path would then follow it and hand root's files out there over.
export async function giveBackRestored(dir: string, paths: string[], user: RunAs): Promise<void> {
  const seen = new Set<string>(); // a folder above many restored files is looked at once
  for (const relative of paths) {
    const parts = relative.split("/").filter((part) => part !== "");
    if (parts.some((part) => part === "." || part === "..")) continue;
    // The path itself, then each folder above it inside the worktree.
    for (let depth = parts.length; depth > 0; depth--) {
      const key = parts.slice(0, depth).join("/");
      if (seen.has(key)) break;
      seen.add(key);
      const handle = await openInside(dir, parts.slice(0, depth));
      if (!handle) continue;
      try {
        const stat = await handle.stat();
        // A second name for a file (a hard link) could be a root file's from outside.
        if (stat.uid === root() && (stat.isDirectory() || stat.nlink === 1)) await handle.chown(user.uid, user.gid);
      } finally {
        await handle.close();
      }
    }
  }
}

// Opens dir/parts[0]/…/parts[n-1] refusing a link at every step: each step is looked up in the folder the
// previous step opened (/proc/self/fd/N names that very folder, whatever its path now leads to), so no
// link swapped in anywhere along the path is followed. Null when something on the way is not a real
// folder (or the file not a real file or folder) any more.
async function openInside(dir: string, parts: string[]): Promise<FileHandle | null> {
  let current = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW).catch(() => null);
  for (const [index, part] of parts.entries()) {
    if (!current) return null;
    const last = index === parts.length - 1;
    const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (last ? 0 : constants.O_DIRECTORY);
    const next = await open(`/proc/self/fd/${current.fd}/${part}`, flags).catch(() => null);
    await current.close();
    current = next;
  }
  return current;
}

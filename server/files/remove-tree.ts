// Removes a folder and all in it without following a link anywhere, for folders the agent user owns or can
// write in (a worktree, a goal's home, a prompt folder). `rm -r` by path (fs.rm, rimraf) lists a folder, then
// looks each entry up again by its full path: an agent process still running (one that left its group with
// setsid under `sandbox: none`, or another goal's agent) can swap a folder for a link in between, and root's
// removal then deletes whatever the link points at (an agent had root delete files out of a root-only
// folder that way). Here each folder is opened once, refusing a link, and its entries are listed, looked
// at and removed through /proc/self/fd/N: the very folder that descriptor holds, whatever its path leads to.
import { constants } from "node:fs";
import { lstat, open, readdir, rmdir, unlink, type FileHandle } from "node:fs/promises";

const FOLDER = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
const AT_ONCE = 32; // entries of one folder removed side by side

// Gone already is fine; a folder that would not empty (something kept writing into it) throws.
export async function removeTree(target: string): Promise<void> {
  const info = await lstat(target).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) return unlink(target).catch(unlessGone);
  await emptyFolderAt(target);
  await rmdir(target).catch(unlessGone);
}

// A folder that is no real folder (any more) is left alone.
async function emptyFolderAt(where: string): Promise<void> {
  const folder = await open(where, FOLDER).catch(() => null);
  if (!folder) return;
  try {
    await emptyFolder(folder);
  } finally {
    await folder.close();
  }
}

async function emptyFolder(folder: FileHandle): Promise<void> {
  const base = `/proc/self/fd/${folder.fd}`;
  const names = await readdir(base).catch(() => [] as string[]);
  for (let start = 0; start < names.length; start += AT_ONCE) {
    await Promise.all(names.slice(start, start + AT_ONCE).map((name) => removeEntry(`${base}/${name}`)));
  }
}

// Failures inside are left to the last rmdir to report: it fails while anything is left.
async function removeEntry(entry: string): Promise<void> {
  const info = await lstat(entry).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) {
    await unlink(entry).catch(() => {});
    return;
  }
  // Swapped for a link since the lstat: O_NOFOLLOW refuses it, and rmdir will not remove a link.
  await emptyFolderAt(entry);
  await rmdir(entry).catch(() => {});
}

function unlessGone(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}

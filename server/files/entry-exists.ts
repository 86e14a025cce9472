// Whether anything is at a path, a link included (a dangling one too): lstat, never following it.
import { lstat } from "node:fs/promises";

export async function entryExists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => null)) !== null;
}

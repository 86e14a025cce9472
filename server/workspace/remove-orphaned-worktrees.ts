// Worktrees of one iteration, candidate or resync left by runners that died under an older lease epoch:
// named <prefix>-<epoch>, the same prefix as the one about to be made.
import fs from "node:fs/promises";
import path from "node:path";
import { removeWorktree } from "./remove-worktree";

export async function removeOrphanedWorktrees(repoDir: string, dir: string, epoch: number): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = path.basename(dir).replace(/-\d+$/, "-");
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of entries) {
    const older = name.startsWith(prefix) && Number(name.slice(prefix.length)) < epoch;
    if (older) await removeWorktree(repoDir, path.join(parent, name));
  }
}

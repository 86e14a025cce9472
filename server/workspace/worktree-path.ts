// One folder per goal and iteration, so a restarted runner finds (and clears) what a crashed one left.
import path from "node:path";

export function worktreePath(workDir: string, goal: string, iteration: number): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(goal)) throw new Error(`goal name "${goal}" cannot be used as a folder name`);
  if (!Number.isInteger(iteration) || iteration < 0) throw new Error(`iteration ${iteration} is not a non-negative integer`);
  // The folder's own name is unique across goals: git names a worktree's admin folder after it, and
  // two runners adding worktrees of one repository with the same name at once would collide.
  return path.join(workDir, "worktrees", goal, `${goal}-${iteration}`);
}

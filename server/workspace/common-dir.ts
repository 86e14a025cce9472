// Where a repository keeps its objects and worktree records. It never changes for a repository, so it
// is asked of git once per process, not at every worktree removal.
import path from "node:path";
import { runGit } from "./run-git";

const known = new Map<string, Promise<string>>();

export function gitCommonDir(repoDir: string): Promise<string> {
  const key = path.resolve(repoDir);
  let dir = known.get(key);
  if (!dir) {
    dir = runGit(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: key }).then((result) => result.stdout.trim());
    dir.catch(() => known.delete(key)); // not a repository (yet): ask again next time
    known.set(key, dir);
  }
  return dir;
}

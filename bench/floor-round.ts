// One round of the process floor: what the machine allows an iteration at best. An iteration must start a few
// processes whatever the control plane does: the worktree's checkout (one `git reset --hard` into a record
// written directly, as server/workspace/create-worktree.ts does), the agent's shell, one `git status`, the
// layer's shell. Here plain bash (which forks cheaply) runs exactly those, 8 loops at once over one repository
// per loop, with no Node, no database and no runner; the folders are made before and removed after, in one
// command each per loop (a runner makes and removes them without starting a process). The agent's and the
// layer's shells start in a PID namespace of their own when `wrapped`, as a runner starts them where the machine
// allows it (server/process/pid-namespace.ts: nothing a command leaves running outlives it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pidNamespaceArgs } from "../server/process/pid-namespace";
import { makeRepository } from "./bench-setup";

export const FLOOR_LOOPS = 8;

const ONE_LOOP = `
repo="$1"; work="$2"; n="$3"; shift 3   # then the wrapper the commands start in, if any
head=$(git -C "$repo" rev-parse HEAD)
mkdir -p $(for i in $(seq "$n"); do echo "$work/it-$i" "$repo/.git/worktrees/it-$i"; done)
for i in $(seq "$n"); do
  dir="$work/it-$i"; admin="$repo/.git/worktrees/it-$i"
  echo "$dir/.git" > "$admin/gitdir"; echo ../.. > "$admin/commondir"; echo "$head" > "$admin/HEAD"; echo "gitdir: $admin" > "$dir/.git"
  git --git-dir="$admin" --work-tree="$dir" reset --hard --no-recurse-submodules --quiet "$head"
  (cd "$dir" && "$@" sh -c true)                              # the agent
  git -C "$dir" status --porcelain=v2 --branch -z --untracked-files=all >/dev/null
  (cd "$dir" && "$@" sh -c true)                              # the layer
done
rm -rf "$work"/it-* "$repo/.git/worktrees"`;

const UNSHARE = "/usr/bin/unshare";

// The PID-namespace wrapper as a root runner starts a goal's commands (as its agent user, who makes a user
// namespace for the PID one); none where the machine has no `unshare`.
export function floorWrapper(): string[] {
  return fs.existsSync(UNSHARE) ? pidNamespaceArgs(UNSHARE, false, []) : [];
}

// FLOOR_LOOPS loops at once, each over a repository of its own made under `dir` (and removed after); iterations
// per second.
export async function floorRound(dir: string, iterations: number, wrapper: string[]): Promise<number> {
  const repos = await Promise.all(Array.from({ length: FLOOR_LOOPS }, (_, index) => makeRepository(path.join(dir, String(index), "repo"))));
  const script = `${repos.map((repo) => `bash -c '${ONE_LOOP.replaceAll("'", "'\\''")}' loop ${repo} ${path.dirname(repo)} ${iterations} ${wrapper.join(" ")} &`).join("\n")}\nwait`;
  try {
    const started = performance.now();
    const result = spawnSync("bash", ["-c", script], { stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`the process loop failed (exit ${result.status})`);
    return (FLOOR_LOOPS * iterations) / ((performance.now() - started) / 1000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

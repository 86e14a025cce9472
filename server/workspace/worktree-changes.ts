// What an iteration changed in its worktree since the commit it started from: uncommitted edits and new
// files (not ignored ones), plus whatever the agent committed itself. One `git status` in the common case.
import { runGit } from "./run-git";
import { isFullSha, resolveCommit } from "./resolve-commit";
import type { Worktree } from "./worktree";

export type WorktreeChanges = {
  start: string; // the commit the iteration started from, as a full sha
  head: string; // the worktree's HEAD commit
  uncommitted: string[]; // edits and new files not committed yet, as status names them (a repository of its own as "sub/")
  paths: string[]; // every path changed since the start commit, committed or not
};

// Submodules are never looked into (--ignore-submodules=all, which outranks .gitmodules): git would run
// a status inside each, under that repository's own config.
export async function worktreeChanges(worktree: Worktree, startCommit: string): Promise<WorktreeChanges> {
  const status = await runGit(["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--ignore-submodules=all"], { worktree });
  const { head, paths } = parseStatus(status.stdout);
  const start = isFullSha(startCommit) ? startCommit : await resolveCommit(worktree, startCommit);
  const current = head ?? (await resolveCommit(worktree, "HEAD"));
  if (current === start) return { start, head: current, uncommitted: paths, paths };
  // The agent committed on its own: its commits are its changes too.
  const committed = await runGit(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", start, current], { worktree });
  return { start, head: current, uncommitted: paths, paths: [...new Set([...paths, ...committed.stdout.split("\0").filter(Boolean)])] };
}

// `--porcelain=v2 -z`: "# branch.oid <sha>" headers, then one entry per path: "1 <7 fields> path",
// "2 <8 fields> path" followed by the original path as an entry of its own, "u <9 fields> path", "? path".
export function parseStatus(output: string): { head: string | null; paths: string[] } {
  const entries = output.split("\0");
  let head: string | null = null;
  const paths: string[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (entry.startsWith("# branch.oid ")) {
      const oid = entry.slice("# branch.oid ".length);
      head = /^[0-9a-f]{40,64}$/.test(oid) ? oid : null;
    } else if (entry.startsWith("? ")) paths.push(entry.slice(2));
    else if (/^[12u] /.test(entry)) {
      const fields = { "1": 8, "2": 9, u: 10 }[entry[0] as "1" | "2" | "u"];
      paths.push(entry.split(" ").slice(fields).join(" "));
      if (entry[0] === "2") paths.push(entries[++index]);
    }
  }
  return { head, paths };
}

// Records whatever the agent left in its worktree as one commit, whether or not the agent committed itself.
import { runGit } from "./run-git";
import { resolveCommit } from "./resolve-commit";
import { worktreeChanges, type WorktreeChanges } from "./worktree-changes";
import { retryOnGitLock } from "./retry-on-git-lock";
import type { Worktree } from "./worktree";

export type CommitResult =
  | { commit: string; changed: boolean; refused?: undefined } // commit: HEAD after committing; changed: it differs from the start
  | { refused: string; commit?: undefined; changed?: undefined }; // nothing was committed, and why, in words

// Agents' own caches are not their work (Aider keeps a repo-map cache in the repository's top folder).
const AGENT_CACHE = /^\.aider\.tags\.cache\.[^/]*\//;
const GITLINK_MODE = "160000";

// changes: what worktreeChanges found, when the caller has already asked.
export async function commitAll(worktree: Worktree, message: string, startCommit: string, changes?: WorktreeChanges): Promise<CommitResult> {
  const found = changes ?? (await worktreeChanges(worktree, startCommit));
  // Nothing changed at all: no more git calls.
  if (found.uncommitted.length === 0 && found.head === found.start) return { commit: found.head, changed: false };

  await stage(
    worktree,
    found.uncommitted.filter((file) => !AGENT_CACHE.test(file)),
  );
  const staged = await stagedSince(worktree, found.start);
  const nested = staged.filter((entry) => entry.mode === GITLINK_MODE).map((entry) => entry.path);
  if (nested.length > 0) {
    const what = nested.length === 1 ? "a git repository" : "git repositories";
    return {
      refused: `the agent left ${what} inside the worktree (${nested.join(", ")}); Setpoint records files, not repositories of their own (git would commit a link to a commit nobody else has): the change is refused`,
    };
  }
  // What differs from the start commit differs from HEAD too, unless the agent committed as well.
  const toCommit =
    found.head === found.start
      ? staged.length > 0
      : found.uncommitted.length > 0 &&
        (await runGit(["diff", "--cached", "--quiet", "--no-ext-diff", "--no-textconv"], { worktree, okCodes: [0, 1] })).code === 1;
  if (toCommit) {
    await retryOnGitLock(() => runGit(["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-m", message || "setpoint: iteration"], { worktree }));
  }
  const after = toCommit ? await resolveCommit(worktree, "HEAD") : found.head;
  return { commit: after, changed: after !== found.start };
}

// The paths status named, and only those: `git add --all` would also look into every submodule folder in
// the index (running `git status` there, under that repository's config), whatever the configuration says.
async function stage(worktree: Worktree, files: string[]): Promise<void> {
  if (files.length === 0) return;
  // "sub/" (a repository of its own) is staged as what it is, a submodule entry, and refused below.
  const input = files.map((file) => `${file.replace(/\/$/, "")}\0`).join("");
  await retryOnGitLock(() => runGit(["update-index", "--add", "--remove", "--replace", "-z", "--stdin"], { worktree, input }));
}

// Each entry of the index that differs from the start commit, with its new mode: a submodule entry (mode
// 160000) is a repository the agent made, cloned or moved in, staged by us or by the agent itself.
// Index against a commit only, so no repository inside the worktree is looked into.
async function stagedSince(worktree: Worktree, start: string): Promise<{ mode: string; path: string }[]> {
  const raw = await runGit(["diff-index", "--cached", "--raw", "-z", "--no-renames", "--ignore-submodules=none", start], { worktree });
  // ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0" per entry.
  const parts = raw.stdout.split("\0");
  const entries: { mode: string; path: string }[] = [];
  for (let index = 0; index + 1 < parts.length; index += 2) entries.push({ mode: parts[index].split(" ")[1], path: parts[index + 1] });
  return entries;
}

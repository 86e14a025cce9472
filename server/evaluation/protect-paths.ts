// evaluation.protect: before every measurement, the protected paths are put back as they were at the goal's
// starting commit and files the agent added under them are removed, so the layers measure the real harness.
// What the agent changed there is returned (path and how), for the iteration's record and the next prompt.
// The runner's git only (--git-dir/--work-tree from its own records, never discovery); paths go to git
// literally, through standard input, so a file named like a pathspec or an option is only ever itself.
import { createHash } from "node:crypto";
import { lstat, readFile, readlink, rm } from "node:fs/promises";
import path from "node:path";
import type { GoalSpec } from "../spec/goal-spec";
import { PROTECT_VIOLATIONS_METRIC } from "../spec/protect-spec";
import { runGit } from "../workspace/run-git";
import type { Worktree } from "../workspace/worktree";
import { normaliseRepoPath } from "./normalise-repo-path";
import { literalPrefix, pathMatcher } from "./path-matcher";
import type { MeasuredFile } from "./types";

export type ProtectChange = "modified" | "added" | "deleted";
export type ProtectViolation = { path: string; change: ProtectChange };

export type Protection = { globs: string[]; matches: (path: string) => boolean; pathspecs: string[] };

// The spec's globs, plus every hidden check's target: nothing the agent leaves there may reach the measurement.
export function protectionFor(spec: GoalSpec): Protection | null {
  const hiddenTargets = spec.evaluation.layers.flatMap((layer) => {
    if (!("run" in layer) || !layer.hidden) return [];
    const to = normaliseRepoPath(layer.hidden.to);
    return to.ok ? [to.path, `${to.path}/**`] : [];
  });
  const globs = [...spec.evaluation.protect, ...hiddenTargets];
  if (globs.length === 0) return null;
  const prefixes = globs.map(literalPrefix);
  return { globs, matches: pathMatcher(globs), pathspecs: prefixes.includes(null) ? [] : [...new Set(prefixes as string[])] };
}

// The protect.violations metric, present whenever the spec protects anything.
export function protectMetrics(protection: Protection | null, violations: ProtectViolation[]): Record<string, number> {
  return protection ? { [PROTECT_VIOLATIONS_METRIC]: violations.length } : {};
}

// Untracked files (ignored ones too) under the protected paths: taken after setup and before the agent, so
// what setup made there (an install, a build) is not counted as the agent's.
export async function untrackedProtected(worktree: Worktree, protection: Protection): Promise<Set<string>> {
  const listed = await runGit(["--literal-pathspecs", "ls-files", "-z", "--others", "--", ...protection.pathspecs], { worktree });
  return new Set(listed.stdout.split("\0").filter((file) => file && protection.matches(file)));
}

export type Restore = {
  base: string; // the goal's starting commit: what protected paths are restored to
  agentFrom: string | null; // the commit the agent started from, after an agent ran; null for a measurement without one
  untrackedBefore: Set<string>; // untrackedProtected() before the agent ran
};

export type Restored = { violations: ProtectViolation[]; restored: string[] };

export async function restoreProtected(worktree: Worktree, protection: Protection, restore: Restore): Promise<Restored> {
  const added = restore.agentFrom === null ? new Set<string>() : await addedUntracked(worktree, protection, restore.untrackedBefore);
  const sinceBase = await changedSince(worktree, restore.base, protection);
  const violations =
    restore.agentFrom === null
      ? []
      : merge(restore.agentFrom === restore.base ? sinceBase : await changedSince(worktree, restore.agentFrom, protection), added);
  const toRestore = merge(sinceBase, added);
  const fromBase = toRestore.filter((change) => change.change !== "added").map((change) => change.path);
  const removed = toRestore.filter((change) => change.change === "added").map((change) => change.path);
  for (const file of removed) await rm(path.join(worktree.dir, file), { recursive: true, force: true });
  if (fromBase.length > 0) {
    await runGit(["--literal-pathspecs", "checkout", "--quiet", restore.base, "--pathspec-from-file=-", "--pathspec-file-nul"], {
      worktree,
      input: fromBase.map((file) => `${file}\0`).join(""),
    });
  }
  return { violations, restored: [...fromBase, ...removed] };
}

// SHA-256 of each protected file of the starting commit, as it is on disk now (restored): what the layers read.
export async function hashProtected(worktree: Worktree, protection: Protection, base: string): Promise<MeasuredFile[]> {
  const listed = await runGit(["--literal-pathspecs", "ls-tree", "-r", "-z", "--name-only", base, "--", ...protection.pathspecs], { worktree });
  const files = listed.stdout.split("\0").filter((file) => file && protection.matches(file));
  return Promise.all(files.map(async (file) => ({ path: file, sha256: await hashFile(path.join(worktree.dir, file)), kind: "protected" as const })));
}

// A symlink is hashed as its target's name, never followed: it may point anywhere.
export async function hashFile(file: string): Promise<string> {
  const stat = await lstat(file);
  const bytes = stat.isSymbolicLink() ? Buffer.from(await readlink(file)) : await readFile(file);
  return createHash("sha256").update(bytes).digest("hex");
}

// Tracked protected paths that differ between the commit and the files on disk (what the agent committed too).
async function changedSince(worktree: Worktree, commit: string, protection: Protection): Promise<ProtectViolation[]> {
  const diff = await runGit(
    [
      "--literal-pathspecs",
      "diff",
      "--name-status",
      "-z",
      "--no-renames",
      "--no-ext-diff",
      "--no-textconv",
      "--ignore-submodules=all",
      commit,
      "--",
      ...protection.pathspecs,
    ],
    { worktree },
  );
  const parts = diff.stdout.split("\0");
  const changes: ProtectViolation[] = [];
  for (let index = 0; index + 1 < parts.length; index += 2) {
    const [status, file] = [parts[index], parts[index + 1]];
    if (!protection.matches(file)) continue;
    changes.push({ path: file, change: status === "A" ? "added" : status === "D" ? "deleted" : "modified" });
  }
  return changes;
}

async function addedUntracked(worktree: Worktree, protection: Protection, before: Set<string>): Promise<Set<string>> {
  const now = await untrackedProtected(worktree, protection);
  return new Set([...now].filter((file) => !before.has(file)));
}

// A file the commit has that the agent took out of git's index but left on disk (or replaced) is a change
// to it, not a new file: one entry, "modified".
function merge(tracked: ProtectViolation[], added: Set<string>): ProtectViolation[] {
  const byPath = new Map(tracked.map((change) => [change.path, change]));
  for (const file of added) {
    const known = byPath.get(file);
    byPath.set(file, { path: file, change: known && known.change === "deleted" ? "modified" : (known?.change ?? "added") });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

// The runner's git addresses a worktree through the admin folder it recorded, never through the worktree's
// own .git, and never looks into a repository inside the worktree: whatever git config an agent plants there,
// nothing runs. Real git, real repositories; each payload would write a marker outside the worktree.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commitAll } from "../../server/workspace/commit-all";
import { createWorktree } from "../../server/workspace/create-worktree";
import { undoChangesSince, worktreeStatus } from "../../server/workspace/undo-changes";
import { adminDirsFor } from "../../server/workspace/worktree-admin-dirs";
import { worktreeChanges } from "../../server/workspace/worktree-changes";
import { worktreePath } from "../../server/workspace/worktree-path";

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=Test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always", ...args],
    { cwd, encoding: "utf8" },
  ).trim();
}

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

// A new repository at dir whose one commit holds one file; returns the commit.
async function makeRepository(dir: string, file: string, content: string): Promise<string> {
  await mkdir(dir);
  git(dir, "init", "--quiet", "--initial-branch=main");
  await writeFile(path.join(dir, file), content);
  git(dir, "add", "-A");
  git(dir, "commit", "--quiet", "-m", "start");
  return git(dir, "rev-parse", "HEAD");
}

// A repository with one commit, a work folder, and a payload that leaves a marker beside them when run.
async function setUp(): Promise<{ root: string; repo: string; workDir: string; start: string; pwn: string; marker: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "setpoint-nodiscovery-"));
  roots.push(root);
  const repo = path.join(root, "repo");
  const start = await makeRepository(repo, "app.ts", "export const x = 1;\n");
  const marker = path.join(root, "MARKER");
  const pwn = path.join(root, "pwn.sh");
  await writeFile(pwn, `#!/bin/sh\necho "ran $0 $*" >> ${marker}\n`);
  await chmod(pwn, 0o755);
  return { root, repo, workDir: path.join(root, "work"), start, pwn, marker };
}

async function ran(marker: string): Promise<string> {
  return readFile(marker, "utf8").catch(() => "");
}

// Sets a file's mtime, so git must read it again (and run a filter on it) to know whether it changed.
async function touch(file: string, seconds: number): Promise<void> {
  await utimes(file, seconds, seconds);
}

test("a worktree whose .git the agent replaced with its own repository is read and committed through git's record of it", async () => {
  const { repo, workDir, start, pwn, marker } = await setUp();
  const worktree = await createWorktree(repo, worktreePath(workDir, "g", 1), start);
  const { dir } = worktree;
  await rm(path.join(dir, ".git"));
  git(dir, "init", "--quiet");
  git(dir, "add", "-A");
  git(dir, "commit", "--quiet", "-m", "the agent's own");
  const own = git(dir, "rev-parse", "HEAD");
  for (const [key, value] of [
    ["core.fsmonitor", pwn],
    ["filter.pwn.clean", pwn],
    ["diff.external", pwn],
    ["diff.pwn.textconv", pwn],
  ])
    git(dir, "config", key, value);
  await writeFile(path.join(dir, ".gitattributes"), "* filter=pwn diff=pwn\n");
  await writeFile(path.join(dir, "app.ts"), "export const x = 2;\n");

  const changes = await worktreeChanges(worktree, start);
  assert.deepEqual(changes.paths.sort(), [".gitattributes", "app.ts"], "the agent's .git folder is not a change");
  const result = await commitAll(worktree, "iteration 1", start, changes);
  assert.equal(result.changed, true);
  assert.equal(await ran(marker), "", "nothing the agent configured ran");
  // The commit is in the repository, on top of the start, with the file as the agent wrote it (no filter).
  assert.equal(git(repo, "rev-parse", `${result.commit}~1`), start);
  assert.equal(git(repo, "show", `${result.commit}:app.ts`), "export const x = 2;");
  assert.equal(git(dir, "rev-parse", "HEAD"), own, "the agent's repository is left as it was");
  assert.deepEqual(await adminDirsFor(path.join(repo, ".git"), new Set([dir])), [worktree.gitDir], "git's record still names the worktree");
});

test("a repository planted where the start commit has a submodule is never looked into: not by status, commit or the reviewer's undo", async () => {
  const { root, repo, workDir, pwn, marker } = await setUp();
  const inner = path.join(root, "inner");
  await makeRepository(inner, "f", "x\n");
  git(repo, "submodule", "add", "--quiet", inner, "sub");
  // .gitmodules may ask for a submodule to be looked into whatever the config says.
  await writeFile(path.join(repo, ".gitmodules"), `[submodule "sub"]\n\tpath = sub\n\turl = ${inner}\n\tignore = none\n`);
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "with a submodule");
  const start = git(repo, "rev-parse", "HEAD");

  const worktree = await createWorktree(repo, worktreePath(workDir, "g", 1), start);
  const { dir } = worktree;
  // The agent clones the submodule's own commit into its folder, so the gitlink is unchanged, and arms it.
  await rm(path.join(dir, "sub"), { recursive: true });
  git(dir, "clone", "--quiet", inner, "sub");
  git(path.join(dir, "sub"), "config", "filter.pwn.clean", pwn);
  git(path.join(dir, "sub"), "config", "core.fsmonitor", pwn);
  await writeFile(path.join(dir, "sub", ".gitattributes"), "* filter=pwn\n");
  await writeFile(path.join(dir, "sub", "f"), "y\n"); // same size: only its content tells
  await writeFile(path.join(dir, "hello.txt"), "hello\n");

  let second = 1_600_000_000;
  await touch(path.join(dir, "sub", "f"), second++);
  const changes = await worktreeChanges(worktree, start);
  assert.deepEqual(changes.uncommitted, ["hello.txt"]);
  await touch(path.join(dir, "sub", "f"), second++);
  const result = await commitAll(worktree, "iteration 1", start, changes);
  assert.equal(result.refused, undefined, result.refused);
  assert.equal(git(repo, "show", "--name-only", "--format=", result.commit!), "hello.txt");

  await touch(path.join(dir, "sub", "f"), second++);
  const before = await worktreeStatus(worktree);
  await writeFile(path.join(dir, "review.txt"), "a reviewer's edit\n");
  await touch(path.join(dir, "sub", "f"), second++);
  assert.deepEqual(await undoChangesSince(worktree, before), ["review.txt"]);
  assert.equal(await ran(marker), "", "nothing ran inside the planted repository");
});

test("a repository the agent left in a subfolder is refused, named, and nothing is committed", async () => {
  const { repo, workDir, start, pwn, marker } = await setUp();
  const worktree = await createWorktree(repo, worktreePath(workDir, "g", 1), start);
  const sub = path.join(worktree.dir, "vendor", "lib");
  await mkdir(sub, { recursive: true });
  git(sub, "init", "--quiet");
  await writeFile(path.join(sub, "lib.ts"), "export {};\n");
  git(sub, "add", "-A");
  git(sub, "commit", "--quiet", "-m", "lib");
  git(sub, "config", "core.fsmonitor", pwn);
  await writeFile(path.join(worktree.dir, "app.ts"), "export const x = 3;\n");

  const result = await commitAll(worktree, "iteration 1", start);
  assert.match(result.refused ?? "", /^the agent left a git repository inside the worktree \(vendor\/lib\); .* the change is refused$/);
  assert.equal(git(worktree.dir, "rev-parse", "HEAD"), start, "nothing was committed");
  assert.equal(await ran(marker), "");
});

test("a repository a reviewer planted is undone with the rest of its edits", async () => {
  const { repo, workDir, start } = await setUp();
  const worktree = await createWorktree(repo, worktreePath(workDir, "g", 1), start);
  const before = await worktreeStatus(worktree);
  const sub = path.join(worktree.dir, "planted");
  await mkdir(sub);
  git(sub, "init", "--quiet");
  await writeFile(path.join(worktree.dir, "app.ts"), "reviewed\n");
  assert.deepEqual((await undoChangesSince(worktree, before)).sort(), ["app.ts", "planted/"]);
  assert.equal(
    await stat(sub).then(
      () => true,
      () => false,
    ),
    false,
  );
  assert.equal(await readFile(path.join(worktree.dir, "app.ts"), "utf8"), "export const x = 1;\n");
});

test("git knows each worktree the runner made, numbered as git numbers a second folder of the same name", async () => {
  const { root, repo, start } = await setUp();
  const one = await createWorktree(repo, path.join(root, "a", "wt"), start);
  const two = await createWorktree(repo, path.join(root, "b", "wt"), start);
  assert.equal(one.gitDir, path.join(repo, ".git", "worktrees", "wt"));
  assert.equal(two.gitDir, path.join(repo, ".git", "worktrees", "wt1"));
  assert.equal(two.dir, path.join(root, "b", "wt"));
  const listed = git(repo, "worktree", "list", "--porcelain").split("\n\n").slice(1);
  assert.deepEqual(
    listed,
    [one.dir, two.dir].map((dir) => `worktree ${dir}\nHEAD ${start}\ndetached`),
  );
  assert.equal(git(two.dir, "rev-parse", "--git-dir"), two.gitDir, "git inside the worktree finds its record");
});

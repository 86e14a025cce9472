import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createWorktree } from "../../server/workspace/create-worktree";
import { removeWorktree } from "../../server/workspace/remove-worktree";
import { commitAll, type CommitResult } from "../../server/workspace/commit-all";
import { diffBetween } from "../../server/workspace/diff-between";
import { moveBranch } from "../../server/workspace/move-branch";
import { branchCommit } from "../../server/workspace/branch-commit";
import { resolveCommit } from "../../server/workspace/resolve-commit";
import { findEscapingSymlinks } from "../../server/workspace/find-escaping-symlinks";
import { worktreeChanges } from "../../server/workspace/worktree-changes";
import { worktreePath } from "../../server/workspace/worktree-path";
import { worktreeDraftDir } from "../../server/workspace/worktree-admin-dirs";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

// The folders `git worktree list` names, the repository's own checkout first.
function listedWorktrees(repo: string): string[] {
  return git(repo, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((line) => line.startsWith("worktree "));
}

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

// A repository with two commits: README, then README changed and a source file added.
async function makeRepo(): Promise<{ repo: string; workDir: string; first: string; second: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "setpoint-ws-"));
  roots.push(root);
  const repo = path.join(root, "repo");
  await mkdir(repo);
  git(repo, "init", "--quiet", "--initial-branch=main");
  await writeFile(path.join(repo, "README.md"), "hello\n");
  await writeFile(path.join(repo, ".gitignore"), "build/\n");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "first");
  const first = git(repo, "rev-parse", "HEAD");
  await writeFile(path.join(repo, "README.md"), "hello\nworld\n");
  await writeFile(path.join(repo, "app.ts"), "export const x = 1;\n");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "second");
  const second = git(repo, "rev-parse", "HEAD");
  return { repo, workDir: path.join(root, "work"), first, second };
}

// The commit made, for a change that holds only files.
async function committed(result: Promise<CommitResult>): Promise<string> {
  const done = await result;
  assert.equal(done.refused, undefined);
  return done.commit!;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

test("a worktree starts detached at the given commit and leaves the repository's checkout alone", async () => {
  const { repo, workDir, first } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), first);
  const { dir } = worktree;
  assert.equal(dir, path.join(workDir, "worktrees", "demo", "demo-1"));
  assert.equal(git(dir, "rev-parse", "HEAD"), first);
  assert.equal(git(dir, "branch", "--show-current"), "", "HEAD is detached");
  assert.equal(await readFile(path.join(dir, "README.md"), "utf8"), "hello\n");
  assert.equal(git(repo, "branch", "--show-current"), "main");
});

test("an agent's edits become one commit, and the diff counts lines per file", async () => {
  const { repo, workDir, second } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), second);
  const { dir } = worktree;
  await writeFile(path.join(dir, "app.ts"), "export const x = 2;\nexport const y = 3;\n");
  await writeFile(path.join(dir, "new.txt"), "a\nb\nc\n");
  await writeFile(path.join(dir, "logo.bin"), Buffer.from([0, 1, 2, 3, 0, 255]));
  await mkdir(path.join(dir, "build"));
  await writeFile(path.join(dir, "build", "out.js"), "ignored\n");
  git(dir, "mv", "README.md", "README.markdown");

  const result = await commitAll(worktree, "iteration 1", second);
  assert.equal(result.changed, true);
  assert.notEqual(result.commit, second);
  assert.equal(git(dir, "rev-parse", "HEAD"), result.commit);
  assert.equal(git(dir, "log", "-1", "--format=%an <%ae> %s"), "Setpoint <setpoint@localhost> iteration 1");
  assert.equal(git(dir, "status", "--porcelain"), "", "everything not ignored was committed");
  assert.equal(git(dir, "ls-files", "build"), "", ".gitignore is respected");

  const { files, diff, truncated } = await diffBetween(repo, second, result.commit, 1_000_000);
  assert.equal(truncated, false);
  const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
  assert.deepEqual(Object.keys(byPath).sort(), ["README.markdown", "app.ts", "logo.bin", "new.txt"]);
  assert.deepEqual(byPath["app.ts"], { path: "app.ts", added: 2, deleted: 1, binary: false });
  assert.deepEqual(byPath["new.txt"], { path: "new.txt", added: 3, deleted: 0, binary: false });
  assert.deepEqual(byPath["logo.bin"], { path: "logo.bin", added: 0, deleted: 0, binary: true });
  assert.deepEqual(
    byPath["README.markdown"],
    { path: "README.markdown", added: 0, deleted: 0, binary: false, from: "README.md" },
    "a rename is listed under its new path, with the old one",
  );
  assert.match(diff, /^diff --git a\/app.ts b\/app.ts$/m);
  assert.match(diff, /^\+export const y = 3;$/m);
  assert.match(diff, /^rename to README.markdown$/m);
  assert.match(diff, /Binary files \/dev\/null and b\/logo.bin differ/);
});

test("a diff longer than the limit is cut and says so", async () => {
  const { repo, workDir, second } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), second);
  const { dir } = worktree;
  await writeFile(path.join(dir, "big.txt"), `${Array.from({ length: 2000 }, (_, i) => `line ${i} ✓`).join("\n")}\n`);
  const commit = await committed(commitAll(worktree, "big", second));
  const full = await diffBetween(repo, second, commit, 10_000_000);
  const cut = await diffBetween(repo, second, commit, 500);
  assert.equal(cut.truncated, true);
  assert.deepEqual(cut.files, full.files, "file counts are never truncated");
  const [kept, note] = cut.diff.split("[diff truncated");
  assert.ok(Buffer.byteLength(kept) <= 500);
  assert.ok(full.diff.startsWith(kept));
  assert.match(note, new RegExp(`: showing the first ${Buffer.byteLength(kept)} of ${Buffer.byteLength(full.diff)} bytes\\]`));
  assert.ok(!cut.diff.includes("\uFFFD"), "no character is cut in half");
});

test("an agent's own cache (aider's repo map) is not committed as its work", async () => {
  const { repo, workDir, second } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "cache", 1), second);
  const { dir } = worktree;
  await mkdir(path.join(dir, ".aider.tags.cache.v4"));
  await writeFile(path.join(dir, ".aider.tags.cache.v4", "cache.db"), "tags");
  await writeFile(path.join(dir, "app.ts"), "export const x = 42;\n");
  const commit = await committed(commitAll(worktree, "with cache", second));
  const files = git(dir, "show", "--name-only", "--format=", commit).trim().split("\n");
  assert.deepEqual(files, ["app.ts"]);
});

test("nothing changed gives no new commit; an agent that committed itself is reported", async () => {
  const { repo, workDir, second } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), second);
  const { dir } = worktree;
  assert.deepEqual(await commitAll(worktree, "nothing", second), { commit: second, changed: false });

  await writeFile(path.join(dir, "agent.txt"), "by agent\n");
  git(dir, "add", "agent.txt");
  git(dir, "commit", "--quiet", "-m", "agent's own commit");
  const agentCommit = git(dir, "rev-parse", "HEAD");
  assert.deepEqual(await commitAll(worktree, "after agent", second), { commit: agentCommit, changed: true });

  await writeFile(path.join(dir, "more.txt"), "left over\n");
  const result = await commitAll(worktree, "after agent", second);
  assert.equal(result.changed, true);
  assert.equal(git(dir, "rev-parse", "HEAD~1"), agentCommit, "uncommitted leftovers are committed on top");
});

test("the goal branch moves to an accepted commit while worktrees stay detached", async () => {
  const { repo, workDir, first, second } = await makeRepo();
  assert.equal(await branchCommit(repo, "setpoint/demo"), null);
  await moveBranch(repo, "setpoint/demo", first);
  assert.equal(await branchCommit(repo, "setpoint/demo"), first);
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), "setpoint/demo");
  const { dir } = worktree;
  await writeFile(path.join(dir, "x.txt"), "x\n");
  const commit = await committed(commitAll(worktree, "x", first));
  await moveBranch(repo, "setpoint/demo", commit);
  assert.equal(await branchCommit(repo, "setpoint/demo"), commit);
  await moveBranch(repo, "setpoint/demo", second); // a revert moves it anywhere
  assert.equal(await branchCommit(repo, "setpoint/demo"), second);
  assert.equal(git(dir, "rev-parse", "HEAD"), commit);
  await assert.rejects(moveBranch(repo, "bad..name", first), /"bad..name" is not a valid branch name/);
});

test("a missing ref is named in the error", async () => {
  const { repo, workDir } = await makeRepo();
  await assert.rejects(resolveCommit(repo, "no-such-branch"), /ref "no-such-branch" does not name a commit in /);
  await assert.rejects(createWorktree(repo, worktreePath(workDir, "demo", 1), "v9.9"), /ref "v9.9" does not name a commit/);
  await assert.rejects(resolveCommit(repo, "--all"), /ref "--all" does not name a commit/);
  assert.equal((await resolveCommit(repo, "main~1")).length, 40);
});

test("a worktree left by a crashed run is replaced, registered or not", async () => {
  const { repo, workDir, first, second } = await makeRepo();
  const dir = worktreePath(workDir, "demo", 3);
  await createWorktree(repo, dir, first);
  await writeFile(path.join(dir, "half-done.txt"), "agent was killed here\n");
  await createWorktree(repo, dir, second);
  assert.equal(git(dir, "rev-parse", "HEAD"), second);
  assert.equal(await exists(path.join(dir, "half-done.txt")), false);

  const stray = worktreePath(workDir, "demo", 4);
  await mkdir(path.join(stray, "sub"), { recursive: true });
  await writeFile(path.join(stray, "sub", "junk"), "not a worktree\n");
  await createWorktree(repo, stray, first);
  assert.equal(git(stray, "rev-parse", "HEAD"), first);

  assert.equal(listedWorktrees(repo).length, 3, "main checkout plus one entry per folder");
});

test("a worktree half-created by a SIGKILLed git (locked, then deleted) is replaced", async () => {
  const { repo, workDir, first } = await makeRepo();
  const dir = worktreePath(workDir, "demo", 5);
  await createWorktree(repo, dir, first);
  // What `git worktree add` leaves when killed before it finishes: its entry still locked "initializing".
  const admin = path.join(repo, ".git", "worktrees");
  const [entry] = await readdir(admin);
  await writeFile(path.join(admin, entry, "locked"), "initializing");
  await createWorktree(repo, dir, first);
  assert.equal(git(dir, "rev-parse", "HEAD"), first);

  await writeFile(path.join(admin, (await readdir(admin))[0], "locked"), "initializing");
  await rm(dir, { recursive: true, force: true });
  await createWorktree(repo, dir, first);
  assert.equal(git(dir, "rev-parse", "HEAD"), first);
  assert.equal((await readdir(admin)).length, 1, "no stale entries pile up");
});

test("a worktree whose `git worktree add` was SIGKILLed mid-checkout is replaced", async () => {
  const { repo, workDir, second } = await makeRepo();
  await writeFile(path.join(repo, ".gitattributes"), "app.ts filter=slow\n");
  git(repo, "add", ".gitattributes");
  git(repo, "commit", "--quiet", "-m", "attributes");
  const commit = git(repo, "rev-parse", "HEAD");
  const dir = worktreePath(workDir, "demo", 6);
  await mkdir(path.dirname(dir), { recursive: true });
  // A smudge filter that hangs holds `git worktree add` inside its checkout, with its entry locked.
  const child = spawn("git", ["-c", "filter.slow.smudge=sleep 60", "worktree", "add", "--detach", dir, commit], { cwd: repo, detached: true, stdio: "ignore" });
  const admin = path.join(repo, ".git", "worktrees");
  for (let waited = 0; !(await exists(path.join(dir, ".git"))) || !(await readdir(admin).catch(() => [])).length; waited += 20) {
    assert.ok(waited < 10_000, "git worktree add never started");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.kill(-child.pid!, "SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  assert.equal(await exists(path.join(admin, (await readdir(admin))[0], "locked")), true, "the kill left a locked entry");

  await createWorktree(repo, dir, second);
  assert.equal(git(dir, "rev-parse", "HEAD"), second);
  assert.equal(await readFile(path.join(dir, "app.ts"), "utf8"), "export const x = 1;\n");
  assert.deepEqual(await readdir(admin), [path.basename(dir)], "the killed entry is gone");
});

test("five worktrees of one repository created at once all succeed", async () => {
  const { repo, workDir, first, second } = await makeRepo();
  const goals = ["a", "b", "c", "d", "e"];
  const dirs = await Promise.all(goals.map(async (goal, i) => (await createWorktree(repo, worktreePath(workDir, goal, 1), i % 2 ? first : second)).dir));
  for (const [i, dir] of dirs.entries()) assert.equal(git(dir, "rev-parse", "HEAD"), i % 2 ? first : second);
  await Promise.all(dirs.map((dir) => removeWorktree(repo, dir)));
  assert.equal(listedWorktrees(repo).length, 1);
});

test("worktrees made while git prunes the same repository's worktrees all survive", async () => {
  const { repo, workDir, first } = await makeRepo();
  // What a `gc --auto` started by a commit in another worktree does (it prunes worktrees), over and over.
  const pruners = [0, 1].map(() => spawn("bash", ["-c", "while true; do git worktree prune; done"], { cwd: repo, detached: true, stdio: "ignore" }));
  try {
    for (let i = 1; i <= 60; i++) {
      const { dir } = await createWorktree(repo, worktreePath(workDir, "demo", i), first);
      assert.equal(git(dir, "rev-parse", "HEAD"), first, `worktree ${i}`);
    }
  } finally {
    for (const pruner of pruners) process.kill(-pruner.pid!, "SIGKILL");
  }
  assert.equal(listedWorktrees(repo).length, 61, "every worktree's record is still there");
});

test("a record name taken by anything (a file, a link, an empty folder) is numbered past, as git does", async () => {
  const { repo, workDir, first } = await makeRepo();
  const admin = path.join(repo, ".git", "worktrees");
  await mkdir(path.join(admin, "demo-1"), { recursive: true });
  await writeFile(path.join(admin, "demo-11"), "");
  await symlink("/tmp", path.join(admin, "demo-12"));
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), first);
  assert.equal(worktree.gitDir, path.join(admin, "demo-13"));
  assert.deepEqual((await readdir(path.join(admin, "demo-1"))).length, 0, "the empty folder is left as it was");
});

test("a record a killed runner left half-made is cleared when the worktree is made again", async () => {
  const { repo, workDir, first } = await makeRepo();
  const dir = worktreePath(workDir, "demo", 1);
  await createWorktree(repo, dir, first);
  // Killed between filling the draft and renaming it: the draft stays beside the records.
  const draft = worktreeDraftDir(path.join(repo, ".git"), dir);
  await mkdir(draft);
  await writeFile(path.join(draft, "HEAD"), `${first}\n`);
  const again = await createWorktree(repo, dir, first);
  assert.equal(git(again.dir, "rev-parse", "HEAD"), first);
  assert.equal(await exists(draft), false);
  await removeWorktree(repo, dir);
  assert.deepEqual(
    (await readdir(path.join(repo, ".git"))).filter((name) => name.startsWith("setpoint-")),
    [],
    "nothing of it is left",
  );
});

test("removing a worktree twice, or one that never existed, is fine; the repository itself is refused", async () => {
  const { repo, workDir, first } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), first);
  const { dir } = worktree;
  await removeWorktree(repo, dir);
  assert.equal(await exists(dir), false);
  await removeWorktree(repo, dir);
  await removeWorktree(repo, worktreePath(workDir, "demo", 99));
  await assert.rejects(removeWorktree(repo, repo), /refusing to remove/);
  assert.equal(await exists(path.join(repo, "README.md")), true);
});

test("a symlink the agent made pointing outside the worktree is found (committed by it or not), one inside is not", async () => {
  const { repo, workDir, first } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 1), first);
  const { dir } = worktree;
  await symlink("/etc", path.join(dir, "etc-link"));
  await symlink("../../../../outside", path.join(dir, "dangling-out"));
  await symlink("README.md", path.join(dir, "readme-link"));
  await mkdir(path.join(dir, "nested"));
  await symlink("../etc-link/hostname", path.join(dir, "nested", "via-chain"));
  git(dir, "add", "etc-link");
  git(dir, "commit", "--quiet", "-m", "tracked escaping link");
  await writeFile(path.join(dir, ".gitignore"), "build/\nignored-link\n");
  await symlink("/", path.join(dir, "ignored-link"));
  assert.deepEqual(await findEscapingSymlinks(dir, (await worktreeChanges(worktree, first)).paths), ["dangling-out", "etc-link", "nested/via-chain"]);
});

test("worktree folders are named by goal and iteration", () => {
  assert.equal(worktreePath("/var/setpoint", "fix-tests", 7), "/var/setpoint/worktrees/fix-tests/fix-tests-7");
  assert.throws(() => worktreePath("/var/setpoint", "../etc", 1), /cannot be used as a folder name/);
});

test("an iteration's changes list every path it touched: edited, renamed, new, deleted, odd names, and its own commits", async () => {
  const { repo, workDir, first, second } = await makeRepo();
  const worktree = await createWorktree(repo, worktreePath(workDir, "demo", 3), second);
  const { dir } = worktree;
  assert.deepEqual(await worktreeChanges(worktree, second), { start: second, head: second, uncommitted: [], paths: [] }, "nothing changed");

  await writeFile(path.join(dir, "README.md"), "changed\n");
  git(dir, "mv", "app.ts", "renamed app.ts");
  await mkdir(path.join(dir, "new dir"));
  await writeFile(path.join(dir, "new dir", "ünïcode file.txt"), "x\n");
  await mkdir(path.join(dir, "build"));
  await writeFile(path.join(dir, "build", "ignored.js"), "x\n");
  const changes = await worktreeChanges(worktree, second);
  assert.deepEqual(changes.paths.sort(), ["README.md", "app.ts", "new dir/ünïcode file.txt", "renamed app.ts"]);
  assert.deepEqual(changes.uncommitted.sort(), changes.paths, "none of it committed yet");

  const fromFirst = await worktreeChanges(worktree, first);
  assert.ok(fromFirst.paths.includes("app.ts"), "starting from an older commit, what came after it counts too");
  await rm(path.join(dir, "README.md"));
  assert.ok((await worktreeChanges(worktree, second)).paths.includes("README.md"), "a deleted file is a change");
});

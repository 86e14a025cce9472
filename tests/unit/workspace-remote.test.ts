import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureCommit } from "../../server/workspace/ensure-commit";
import { ensureRepository, cloneDirName } from "../../server/workspace/ensure-repository";
import { isGitUrl } from "../../server/workspace/is-git-url";
import { pushBranch } from "../../server/workspace/push-branch";
import { moveBranch } from "../../server/workspace/move-branch";
import { resolveCommit } from "../../server/workspace/resolve-commit";
import { branchCommit } from "../../server/workspace/branch-commit";
import { withFileLock } from "../../server/workspace/with-file-lock";

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "setpoint-ws-remote-"));
  roots.push(root);
  return root;
}

// A bare "remote" plus a clone to push new commits into it, as a user would.
async function makeRemote(): Promise<{ root: string; bare: string; author: string; url: string }> {
  const root = await tempRoot();
  const bare = path.join(root, "origin.git");
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  const author = path.join(root, "author");
  git(root, "clone", "--quiet", bare, author);
  git(author, "checkout", "--quiet", "-b", "main");
  await writeFile(path.join(author, "a.txt"), "one\n");
  git(author, "add", "-A");
  git(author, "commit", "--quiet", "-m", "one");
  git(author, "push", "--quiet", "origin", "main");
  return { root, bare, author, url: `file://${bare}` };
}

test("a git URL is cloned once into the work dir, and later calls fetch new commits", async () => {
  const { root, author, url } = await makeRemote();
  const workDir = path.join(root, "work");
  const clone = await ensureRepository(url, workDir);
  assert.equal(clone, path.join(workDir, "repos", cloneDirName(url)));
  assert.match(path.basename(clone), /^origin-[0-9a-f]{10}$/);
  assert.equal(await resolveCommit(clone, "main"), git(author, "rev-parse", "HEAD"));

  await moveBranch(clone, "setpoint/demo", "main"); // the clone owns its goal branches
  await writeFile(path.join(author, "a.txt"), "two\n");
  git(author, "commit", "--quiet", "-am", "two");
  git(author, "push", "--quiet", "origin", "main");
  git(author, "push", "--quiet", "origin", "main:setpoint/demo"); // a remote branch of the same name must not clobber it
  const two = git(author, "rev-parse", "HEAD");

  assert.equal(await ensureRepository(url, workDir), clone);
  assert.equal(await resolveCommit(clone, "main"), two);
  assert.equal(await resolveCommit(clone, "HEAD"), two);
  assert.equal(await branchCommit(clone, "setpoint/demo"), git(author, "rev-parse", "HEAD~1"));
  assert.deepEqual((await readdir(path.join(workDir, "repos"))).sort(), [path.basename(clone)], "no temp clones or lock files are left");
});

test("a fetch brings the remote's goal branches (pushed by runners elsewhere) in as origin/setpoint/*, leaving the clone's own", async () => {
  const { root, author, url } = await makeRemote();
  const clone = await ensureRepository(url, path.join(root, "work"));
  const one = git(author, "rev-parse", "HEAD");
  await moveBranch(clone, "setpoint/mine", one);
  // A clone made before this layout has no origin/setpoint/* refs; its next fetch adds them, config untouched.
  const config = git(clone, "config", "--get-all", "remote.origin.fetch");
  await writeFile(path.join(author, "b.txt"), "elsewhere\n");
  git(author, "add", "-A");
  git(author, "commit", "--quiet", "-m", "made on another machine");
  const elsewhere = git(author, "rev-parse", "HEAD");
  git(author, "push", "--quiet", "origin", "HEAD:refs/heads/setpoint/theirs", "HEAD:refs/heads/setpoint/mine");

  await ensureRepository(url, path.join(root, "work"));
  assert.equal(await resolveCommit(clone, "refs/remotes/origin/setpoint/theirs"), elsewhere);
  assert.equal(await resolveCommit(clone, "refs/remotes/origin/setpoint/mine"), elsewhere);
  assert.equal(await branchCommit(clone, "setpoint/mine"), one, "the clone's own branch is not overwritten");
  assert.equal(await branchCommit(clone, "setpoint/theirs"), null);
  assert.equal(git(clone, "config", "--get-all", "remote.origin.fetch"), config);

  // A fresh clone has them too.
  const fresh = await ensureRepository(url, path.join(root, "other-work"));
  assert.equal(await resolveCommit(fresh, "refs/remotes/origin/setpoint/theirs"), elsewhere);
});

test("a commit to build on that the clone lacks is fetched once more, or refused saying where it was looked for and why", async () => {
  const { root, author, url } = await makeRemote();
  const workDir = path.join(root, "work");
  const clone = await ensureRepository(url, workDir);
  await writeFile(path.join(author, "a.txt"), "pushed later\n");
  git(author, "commit", "--quiet", "-am", "pushed after the clone's fetch");
  git(author, "push", "--quiet", "origin", "HEAD:refs/heads/setpoint/late");
  const late = git(author, "rev-parse", "HEAD");
  await ensureCommit(clone, { repo: url, push: true }, workDir, late);
  assert.equal(await resolveCommit(clone, late), late);

  await writeFile(path.join(author, "a.txt"), "never pushed\n");
  git(author, "commit", "--quiet", "-am", "never pushed");
  const unpushed = git(author, "rev-parse", "HEAD");
  await assert.rejects(
    ensureCommit(clone, { repo: url, push: false }, workDir, unpushed),
    new RegExp(
      `^Error: commit ${unpushed} is neither in this runner's clone ${clone} nor on the remote ${url}: .*set workspace.push: true, .*take the goal over`,
    ),
  );
  await assert.rejects(
    ensureCommit(clone, { repo: url, push: true }, workDir, unpushed),
    /nor on the remote .*: accepted iterations are pushed to the goal's setpoint\/ branch there, so that branch was rewritten or deleted/,
  );
  const local = path.join(root, "local");
  git(root, "clone", "--quiet", url, local);
  await assert.rejects(
    ensureCommit(local, { repo: local, push: false }, workDir, unpushed),
    /is not in .*local: a workspace.repo that is a folder serves the runners of one machine only/,
  );
});

test("concurrent first calls for one URL share a single clone", async () => {
  const { root, author, url } = await makeRemote();
  const workDir = path.join(root, "work");
  const dirs = await Promise.all([1, 2, 3, 4].map(() => ensureRepository(url, workDir)));
  assert.equal(new Set(dirs).size, 1);
  assert.equal(await resolveCommit(dirs[0], "main"), git(author, "rev-parse", "HEAD"));
  assert.equal(git(dirs[0], "fsck", "--no-progress"), "");
});

test("runner processes cloning and fetching one URL at once leave a sound clone", async () => {
  const { root, author, url } = await makeRemote();
  const workDir = path.join(root, "work");
  const tsx = path.resolve("node_modules/.bin/tsx");
  const module = path.resolve("server/workspace/ensure-repository.ts");
  const script = `import(${JSON.stringify(module)}).then(async (m) => { for (let i = 0; i < 3; i++) process.stdout.write(await m.ensureRepository(${JSON.stringify(url)}, ${JSON.stringify(workDir)}) + "\\n"); })`;
  const outputs = await Promise.all([1, 2, 3].map(() => promisify(execFile)(tsx, ["-e", script]).then((r) => r.stdout.trim().split("\n"))));
  assert.equal(outputs.flat().length, 9);
  const dirs = new Set(outputs.flat());
  assert.equal(dirs.size, 1);
  const [clone] = dirs;
  assert.equal(await resolveCommit(clone, "main"), git(author, "rev-parse", "HEAD"));
  assert.equal(git(clone, "fsck", "--no-progress"), "");
});

test("a clone interrupted by a killed runner (stale lock, temp folder) does not block the next one", async () => {
  const { root, url } = await makeRemote();
  const workDir = path.join(root, "work");
  const reposDir = path.join(workDir, "repos");
  const name = cloneDirName(url);
  await mkdir(path.join(reposDir, `.tmp-${name}-dead`), { recursive: true });
  const deadPid = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  await writeFile(path.join(reposDir, `${name}.lock`), `${deadPid}\n`);
  const clone = await ensureRepository(url, workDir);
  assert.equal((await resolveCommit(clone, "main")).length, 40);
  assert.deepEqual(await readdir(reposDir), [name]);
});

test("a file lock lets one holder in at a time", async () => {
  const root = await tempRoot();
  const lock = path.join(root, "x.lock");
  let inside = 0;
  let most = 0;
  await Promise.all(
    [1, 2, 3, 4, 5].map(() =>
      withFileLock(lock, async () => {
        most = Math.max(most, ++inside);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inside--;
      }),
    ),
  );
  assert.equal(most, 1);
});

test("a local path is used in place; anything else is refused in words", async () => {
  const { root, bare, author } = await makeRemote();
  assert.equal(await ensureRepository(author, path.join(root, "work")), author);
  assert.equal(await ensureRepository(bare, path.join(root, "work")), bare);
  const plain = path.join(root, "plain");
  await mkdir(plain);
  await assert.rejects(ensureRepository(plain, root), new RegExp(`^Error: workspace.repo ${plain} is not a git repository`));
  await assert.rejects(ensureRepository(path.join(root, "missing"), root), /is not a git repository \(no such folder\)/);
  await mkdir(path.join(author, "sub"));
  await assert.rejects(
    ensureRepository(path.join(author, "sub"), root),
    /is a folder inside the git repository .*author; Setpoint works on whole repositories/,
  );
  await assert.rejects(ensureRepository("file:///nonexistent/repo.git", path.join(root, "work")), /could not clone file:\/\/\/nonexistent\/repo.git/);
});

test("git URLs are told apart from local paths", () => {
  for (const url of ["https://github.com/a/b.git", "ssh://git@host/a/b", "git+ssh://git@host/a/b", "git@github.com:a/b.git", "file:///srv/repo.git"])
    assert.equal(isGitUrl(url), true, url);
  for (const local of ["/srv/repo", "./repo", "repo", "C:/repo"]) assert.equal(isGitUrl(local), false, local);
  assert.notEqual(cloneDirName("https://a.example/x/app.git"), cloneDirName("https://b.example/y/app.git"));
  assert.match(cloneDirName("git@github.com:org/My App.git"), /^my-app-[0-9a-f]{10}$/);
});

test("an accepted branch is pushed (forced) to a bare remote", async () => {
  const { root, bare, author, url } = await makeRemote();
  const clone = await ensureRepository(url, path.join(root, "work"));
  const one = await resolveCommit(clone, "main");
  await moveBranch(clone, "setpoint/demo", one);
  await pushBranch(clone, "setpoint/demo");
  assert.equal(git(bare, "rev-parse", "refs/heads/setpoint/demo"), one);

  // A revert moves the branch backwards; the push still goes through.
  await writeFile(path.join(author, "a.txt"), "two\n");
  git(author, "commit", "--quiet", "-am", "two");
  git(author, "push", "--quiet", "origin", "main");
  await ensureRepository(url, path.join(root, "work"));
  await moveBranch(clone, "setpoint/demo", "main");
  await pushBranch(clone, "setpoint/demo");
  await moveBranch(clone, "setpoint/demo", one);
  await pushBranch(clone, "setpoint/demo");
  assert.equal(git(bare, "rev-parse", "refs/heads/setpoint/demo"), one);

  await assert.rejects(pushBranch(clone, "setpoint/demo", "upstream"), /has no remote named "upstream"/);
  await assert.rejects(pushBranch(clone, "setpoint/none"), /there is no branch setpoint\/none/);
});

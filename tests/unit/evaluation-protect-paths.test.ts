// Restoring protected paths with real git, against the tricks an agent has: committing its own change, hiding
// a new test behind .gitignore, replacing a folder with a file, names that look like pathspecs or options.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, symlink, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { changesToCommit, restoreHarness, snapshotHarness } from "../../server/evaluation/guard-harness";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import { createWorktree } from "../../server/workspace/create-worktree";
import { commitAll } from "../../server/workspace/commit-all";
import { worktreeChanges } from "../../server/workspace/worktree-changes";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

const FILES: Record<string, string> = {
  "package.json": '{ "scripts": { "test": "node --test test/" } }\n',
  "test/a.test.js": "real test a\n",
  "test/[b].test.js": "real test b\n",
  "test/-rf": "a file named like an option\n",
  "src/app.js": "export const x = 1;\n",
  ".gitignore": "build/\n",
};

const spec = (protect: string[]) =>
  goalSpecSchema.parse({
    intent: "x",
    workspace: { repo: "/tmp/x" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }], protect },
  });

async function worktree(name: string) {
  const root = await mkdtemp(path.join(os.tmpdir(), "setpoint-protect-"));
  roots.push(root);
  const repo = path.join(root, "repo");
  for (const [file, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
  }
  git(repo, "init", "--quiet", "--initial-branch=main");
  git(repo, "add", "-A");
  git(repo, "commit", "--quiet", "-m", "start");
  const base = git(repo, "rev-parse", "HEAD");
  const tree = await createWorktree(repo, path.join(root, name), base);
  return { repo, base, tree, dir: tree.dir };
}

async function expectHarnessIntact(dir: string): Promise<void> {
  for (const file of ["package.json", "test/a.test.js", "test/[b].test.js", "test/-rf"])
    assert.equal(await readFile(path.join(dir, file), "utf8"), FILES[file], file);
}

test("every trick on protected paths is undone and named; the rest of the change is kept and committed", async () => {
  const { base, tree, dir } = await worktree("tricks");
  const guard = await snapshotHarness(tree, spec(["test/**", "package.json"]), base, true);
  // After setup, before the agent: an install's files under a protected path are setup's, not the agent's.
  await mkdir(path.join(dir, "test/fixtures-cache"), { recursive: true });
  await writeFile(path.join(dir, "test/fixtures-cache/made-by-setup.json"), "{}\n");
  const again = await snapshotHarness(tree, spec(["test/**", "package.json"]), base, true);

  await writeFile(path.join(dir, "package.json"), '{ "scripts": { "test": "echo ok" } }\n');
  git(dir, "commit", "--quiet", "-am", "the agent commits its own change");
  await writeFile(path.join(dir, "test/[b].test.js"), "weakened\n");
  await unlink(path.join(dir, "test/-rf"));
  await writeFile(path.join(dir, ".gitignore"), "build/\ntest/sneaky.test.js\n");
  await writeFile(path.join(dir, "test/sneaky.test.js"), "always passes\n");
  await symlink("a.test.js", path.join(dir, "test/link.test.js"));
  await writeFile(path.join(dir, "src/app.js"), "export const x = 2;\n");

  assert.ok(guard);
  const restored = await restoreHarness(again, base);
  assert.deepEqual(restored.violations, [
    { path: "package.json", change: "modified" },
    { path: "test/-rf", change: "deleted" },
    { path: "test/[b].test.js", change: "modified" },
    { path: "test/link.test.js", change: "added" },
    { path: "test/sneaky.test.js", change: "added" },
  ]);
  await expectHarnessIntact(dir);
  assert.equal(await readFile(path.join(dir, "test/fixtures-cache/made-by-setup.json"), "utf8"), "{}\n", "setup's files stay");
  await assert.rejects(readFile(path.join(dir, "test/sneaky.test.js")), /ENOENT/);
  await assert.rejects(readFile(path.join(dir, "test/link.test.js")), /ENOENT/);
  assert.deepEqual(
    restored.measuredFiles.map((file) => file.path),
    ["package.json", "test/-rf", "test/[b].test.js", "test/a.test.js"],
  );

  const committed = await commitAll(tree, "iteration", base, await changesToCommit(again, tree, base, restored, await worktreeChanges(tree, base)));
  const changed = git(dir, "diff", "--name-only", base, committed.commit!).split("\n");
  assert.deepEqual(changed, [".gitignore", "src/app.js"], "only the agent's other changes are committed: not the harness, nor what setup left in it");
});

test("a protected folder replaced by a file is put back, and a baseline only restores (no violations)", async () => {
  const { base, tree, dir } = await worktree("replaced");
  const guard = await snapshotHarness(tree, spec(["test/"]), base, true);
  await rm(path.join(dir, "test"), { recursive: true });
  await writeFile(path.join(dir, "test"), "not a folder any more\n");
  const restored = await restoreHarness(guard, base);
  assert.deepEqual(
    restored.violations.map((violation) => `${violation.change} ${violation.path}`),
    ["added test", "deleted test/-rf", "deleted test/[b].test.js", "deleted test/a.test.js"],
  );
  await expectHarnessIntact(dir);

  // A measurement without an agent (a baseline of a commit from before `protect` was set): restored, not blamed.
  await writeFile(path.join(dir, "test/a.test.js"), "edited before protect was set\n");
  const baseline = await restoreHarness(await snapshotHarness(tree, spec(["test/**"]), base, false), null);
  assert.deepEqual(baseline.violations, []);
  assert.deepEqual(baseline.restored, ["test/a.test.js"]);
  await expectHarnessIntact(dir);
});

test("no protect and no hidden checks: nothing is snapshot, restored or hashed", async () => {
  const { base, tree } = await worktree("none");
  const guard = await snapshotHarness(tree, spec([]), base, true);
  assert.equal(guard, null);
  assert.deepEqual(await restoreHarness(guard, base), { violations: [], restored: [], measuredFiles: [] });
});

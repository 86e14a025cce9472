import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { runGit } from "../../server/workspace/run-git";
import { UserError } from "../../server/goals/user-error";
import { previewApply } from "../../server/goals/preview-apply";
import { API_VERSION } from "../../server/spec/goal-spec";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let allowedRoot: string;
let served: Promise<{ url: string; token: string }> | undefined;
const serveApi = () => (served ??= harness.serveApi()); // the harness closes one server
before(async () => {
  harness = await startHarness();
  allowedRoot = path.join(harness.dir, "repos", "allowed");
  fs.mkdirSync(allowedRoot, { recursive: true });
});
after(async () => {
  delete process.env.SETPOINT_REPO_ROOTS;
  await harness.close();
});

const spec = (repo: string) => ({
  intent: "Say hello.",
  workspace: { repo, ref: "main" },
  agent: { executor: "command", command: "echo hello > hello.txt" },
  metrics: [{ metric: "check.exit_code", target: "== 0" }],
  evaluation: { layers: [{ name: "check", run: "test -f hello.txt" }] },
  stop: { maxIterations: 2 },
});

test("with SETPOINT_REPO_ROOTS set, apply and validate refuse a repository outside it, on spec.workspace.repo, naming the roots", async () => {
  const outside = await harness.sampleRepo("outside");
  const inside = await harness.sampleRepo("allowed/inside");
  fs.symlinkSync(outside, path.join(allowedRoot, "sneaky"));
  process.env.SETPOINT_REPO_ROOTS = `${allowedRoot},https://git.example.com/team/`;
  try {
    for (const repo of [outside, `${inside}/../../outside`, path.join(allowedRoot, "sneaky"), "https://git.example.com/other/app.git"]) {
      await assert.rejects(
        harness.apply("outside", spec(repo)),
        (error: unknown) => {
          assert.ok(error instanceof UserError, String(error));
          assert.equal(error.code, "BAD_REQUEST");
          assert.equal(error.issues.length, 1);
          assert.equal(error.issues[0].path, "spec.workspace.repo");
          assert.match(
            error.issues[0].message,
            new RegExp(`outside every allowed repository root; the allowed roots \\(SETPOINT_REPO_ROOTS\\) are ${allowedRoot}, https://git.example.com/team/`),
          );
          return true;
        },
        repo,
      );
    }
    const manifest = { apiVersion: API_VERSION, kind: "Goal", metadata: { name: "outside" }, spec: spec(outside) };
    await assert.rejects(previewApply(harness.db, manifest), (error: unknown) => error instanceof UserError && error.issues[0]?.path === "spec.workspace.repo");
    assert.equal(await harness.db.goal.count({ where: { name: "outside" } }), 0);
    const applied = await harness.apply("inside", spec(inside));
    assert.equal(applied.action, "created");

    // Over HTTP: a 400 whose issues name the field, as the CLI and the form show them.
    const api = await serveApi();
    const response = await fetch(`${api.url}/api/trpc/goals.applyManifests`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
      body: JSON.stringify({ manifests: [manifest] }),
    });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.deepEqual(
      body.error.data.issues.map((issue: { path: string }) => issue.path),
      ["spec.workspace.repo"],
    );
    assert.match(body.error.message, /goal 'outside' is invalid:\n {2}spec\.workspace\.repo: .* is outside every allowed repository root/);
  } finally {
    delete process.env.SETPOINT_REPO_ROOTS;
  }
});

test("a runner whose SETPOINT_REPO_ROOTS leaves out a goal's repository fails the goal before touching it", async () => {
  const repo = await harness.sampleRepo("elsewhere");
  await harness.apply("elsewhere", spec(repo)); // applied where no allow-list is set
  process.env.SETPOINT_REPO_ROOTS = allowedRoot;
  const runner = await harness.startRunner();
  try {
    const goal = await harness.waitForPhase("elsewhere", ["Failed"]);
    assert.equal(goal.reason, "RepoNotAllowed");
    assert.match(
      goal.message,
      new RegExp(
        `^spec.workspace.repo: ${repo} \\(.*\\) is outside every allowed repository root; the allowed roots \\(SETPOINT_REPO_ROOTS\\) are ${allowedRoot}$`,
      ),
    );
    assert.equal((await harness.iterations("elsewhere")).length, 0, "no iteration ran");
    const branches = fs.readdirSync(path.join(repo, ".git", "refs", "heads"));
    assert.deepEqual(branches, ["main"], "the repository was not touched (no goal branch)");
  } finally {
    await runner.drain(1000);
    delete process.env.SETPOINT_REPO_ROOTS;
  }
});

// allowed/decoy-link -> elsewhere/decoy, so allowed/decoy-link/../victim is elsewhere/victim for git (it follows
// the link, then climbs), while the URL parser folds it into allowed/victim.
async function symlinkedClimb(): Promise<{ victim: string; url: string }> {
  const victim = await harness.sampleRepo("elsewhere/victim");
  fs.mkdirSync(path.join(harness.dir, "repos", "elsewhere", "decoy"), { recursive: true });
  if (!fs.existsSync(path.join(allowedRoot, "decoy-link")))
    fs.symlinkSync(path.join(harness.dir, "repos", "elsewhere", "decoy"), path.join(allowedRoot, "decoy-link"));
  return { victim, url: `file://${allowedRoot}/decoy-link/../victim` };
}

test("apply refuses a file:// URL that climbs out of a root through a symlink, with 400 on spec.workspace.repo", async () => {
  const { url } = await symlinkedClimb();
  process.env.SETPOINT_REPO_ROOTS = allowedRoot;
  try {
    const api = await serveApi();
    for (const repo of [url, url.replace("/../", "/%2e%2e/"), url.replace("/../", "/%2E./")]) {
      const manifest = {
        apiVersion: API_VERSION,
        kind: "Goal",
        metadata: { name: "climber" },
        spec: { ...spec(repo), workspace: { repo, ref: "main", push: true } },
      };
      const response = await fetch(`${api.url}/api/trpc/goals.applyManifests`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
        body: JSON.stringify({ manifests: [manifest] }),
      });
      assert.equal(response.status, 400, repo);
      const body = await response.json();
      assert.deepEqual(
        body.error.data.issues.map((issue: { path: string }) => issue.path),
        ["spec.workspace.repo"],
      );
      assert.match(body.error.message, /spec\.workspace\.repo: .* climbs with '\.\.', which is refused while SETPOINT_REPO_ROOTS is set/);
    }
    assert.equal(await harness.db.goal.count({ where: { name: "climber" } }), 0);
  } finally {
    delete process.env.SETPOINT_REPO_ROOTS;
  }
});

test("a runner refuses a file:// URL that climbs through a symlink (nothing cloned or pushed), and clones an allowed one from the real path it checked", async () => {
  const { victim, url } = await symlinkedClimb();
  const inside = await harness.sampleRepo("allowed/real-inside");
  fs.symlinkSync(inside, path.join(allowedRoot, "inside-link"));
  // Applied where no allow-list is set (or before it was), so only the runner stands in the way.
  await harness.apply("climber", { ...spec(url), workspace: { repo: url, ref: "main", push: true } });
  await harness.apply("linked", {
    ...spec(`file://${allowedRoot}/inside-link`),
    workspace: { repo: `file://${allowedRoot}/inside-link`, ref: "main", push: true },
  });
  process.env.SETPOINT_REPO_ROOTS = allowedRoot;
  const runner = await harness.startRunner();
  try {
    const goal = await harness.waitForPhase("climber", ["Failed", "Converged", "Exhausted", "Stalled"]);
    const branches = (await runGit(["for-each-ref", "--format=%(refname)", "refs/heads"], { cwd: victim })).stdout.trim().split("\n");
    assert.deepEqual(branches, ["refs/heads/main"], "nothing was pushed to the repository outside the root");
    assert.equal((await harness.iterations("climber")).length, 0, "no iteration ran");
    assert.equal(goal.reason, "RepoNotAllowed");
    assert.match(goal.message, /^spec\.workspace\.repo: file:\/\/.*\/decoy-link\/\.\.\/victim climbs with '\.\.'/);

    await harness.waitForPhase("linked", ["Converged", "Exhausted", "Stalled", "Failed"]);
    const clones = fs.readdirSync(path.join(harness.workDir, "repos")).filter((name) => !name.endsWith(".lock"));
    assert.equal(clones.length, 1, `one clone, of the allowed repository: ${clones.join(", ")}`);
    const origin = (await runGit(["config", "remote.origin.url"], { cwd: path.join(harness.workDir, "repos", clones[0]) })).stdout.trim();
    assert.equal(origin, pathToFileURL(inside).href, "git was handed the real path that was checked");
  } finally {
    await runner.drain(1000);
    delete process.env.SETPOINT_REPO_ROOTS;
  }
});

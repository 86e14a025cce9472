// workspace.pullRequest end to end: a real loop converges a goal whose repository is a file:// bare
// repository standing in for GitHub's git side, and a local fake of GitHub's REST API records what
// Setpoint sent it. The converged commit is pushed, one pull request is opened (and updated, never
// doubled, on a re-run or a drift), the commit gets a status, and the token never reaches a command.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { signingKey } from "../../server/certificates/signing-key";
import { verifyCertificate } from "../../server/certificates/verify-certificate";
import { applyGoals, validateManifest } from "../../server/goals/apply-goal";
import { controlGoal } from "../../server/goals/control-goal";
import { getGoal } from "../../server/goals/read-goals";
import { setPhase } from "../../server/goals/set-phase";
import { NotificationSender } from "../../server/notifications/notification-sender";
import type { Runner } from "../../server/runner/runner";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { API_VERSION } from "../../server/spec/goal-spec";
import { runGit } from "../../server/workspace/run-git";
import { startFakeGitHub } from "../helpers/fake-github";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

const TOKEN = "ghp_fake-token-for-the-test-0123456789";
let harness: Harness;
let github: Awaited<ReturnType<typeof startFakeGitHub>>;
let runner: Runner;

before(async () => {
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1"; // the fake API listens on loopback
  process.env.SETPOINT_NOTIFY_BACKOFF_MS = "10";
  process.env.SETPOINT_PUBLIC_URL = "https://setpoint.example";
  harness = await startHarness();
  github = await startFakeGitHub();
  runner = await harness.startRunner(1);
});
after(async () => {
  await harness.close();
  await github.close();
});

async function bareRemote(name: string): Promise<{ bare: string; url: string }> {
  const sample = await harness.sampleRepo(name);
  const bare = path.join(harness.dir, "remotes", `${name}.git`);
  await runGit(["clone", "--quiet", "--bare", sample, bare], { cwd: harness.dir });
  return { bare, url: `file://${bare}` };
}

// Applied paused, its token set as a goal secret, then resumed: the README's order.
async function applyWithToken(name: string, spec: Record<string, unknown>, token: string | null) {
  await applyGoals(harness.db, [validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name }, spec })], "alice", { paused: true });
  if (token) await setGoalSecret(harness.db, name, { name: "GITHUB_TOKEN", value: token }, "alice");
  await controlGoal(harness.db, name, "resume", "alice");
}

function eventsOf(name: string, type: string) {
  return harness.db.event.findMany({ where: { goalName: name, type }, orderBy: { id: "asc" } });
}

test("a converged goal's commit is pushed, one draft pull request reports the convergence, and the commit gets a status", async () => {
  const { bare, url } = await bareRemote("pr-calc");
  await applyWithToken(
    "pr-calc",
    calculatorSpec(url, {
      workspace: { repo: url, ref: "main", pullRequest: { base: "main", draft: true, repository: "acme/calculator", apiUrl: github.apiUrl } },
      evaluation: {
        layers: [
          ...(calculatorSpec(url).evaluation as { layers: unknown[] }).layers,
          // The token is the connection's, never the agent's or a layer's: were it in their environment, this fails.
          { name: "secretless", run: 'test -z "$GITHUB_TOKEN"', parse: "exit-code" },
        ],
      },
      metrics: [...(calculatorSpec(url).metrics as unknown[]), { metric: "secretless.ok", target: "== 1" }],
    }),
    TOKEN,
  );
  const goal = await harness.waitForPhase("pr-calc", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const [opened] = await harness.waitFor("the pull request to be opened", async () => {
    const rows = await eventsOf("pr-calc", "PullRequestOpened");
    return rows.length ? rows : null;
  });

  const converged = goal.acceptedCommit!;
  assert.equal(
    (await runGit(["rev-parse", "refs/heads/setpoint/pr-calc"], { cwd: bare })).stdout.trim(),
    converged,
    "the converged commit is on the remote's goal branch",
  );
  const creates = github.requests.filter((request) => request.method === "POST" && request.path === "/repos/acme/calculator/pulls");
  assert.equal(creates.length, 1);
  const [create] = creates;
  assert.equal(create.authorization, `token ${TOKEN}`);
  assert.deepEqual([create.body.head, create.body.base, create.body.draft], ["setpoint/pr-calc", "main", true]);
  assert.match(String(create.body.title), /^Setpoint: pr-calc: Make every test pass/);
  const body = String(create.body.body);
  assert.match(
    body,
    new RegExp(`converged at \\[iteration ${goal.bestIteration}\\]\\(https://setpoint\\.example/goals/pr-calc/iterations/${goal.bestIteration}\\)`),
  );
  assert.match(body, /\| `tests\.pass_ratio` \| `>= 1` \| 1 \| ✅ \|/);
  assert.match(body, /\| `lint\.ok` \| `== 1` \| 1 \| ✅ \|/);
  const iterations = await harness.iterations("pr-calc");
  const cost = iterations.reduce((sum, row) => sum + row.costUsd, 0).toFixed(2);
  assert.match(body, new RegExp(`\\*\\*Iterations\\*\\* in this run: ${iterations.length} · \\*\\*Cost\\*\\*: \\$${cost.replace(".", "\\.")}\n`));
  assert.match(body, /\*\*Approvals\*\*: none were asked for\./);
  // The convergence's signed certificate, as the file `setpoint verify` checks.
  const certificate = await harness.db.certificate.findFirstOrThrow({ where: { goalId: goal.id, iteration: goal.bestIteration! } });
  assert.match(body, new RegExp(`\\*\\*Certificate\\*\\* \`${certificate.id}\``));
  const file = /```json\n([\s\S]*?)\n```/.exec(body)![1];
  assert.equal(verifyCertificate(file, signingKey().publicKey).valid, true, "the certificate in the body verifies");

  const [status] = github.statuses;
  assert.deepEqual([status.sha, status.state, status.context], [converged, "success", "setpoint/pr-calc"]);
  assert.match(status.description, /^converged at iteration \d+: tests\.pass_ratio=1, lint\.ok=1, secretless\.ok=1$/);

  const pull = github.pulls("acme/calculator")[0];
  assert.match(opened.message, new RegExp(`pull request #${pull.number} on acme/calculator opened for iteration ${goal.bestIteration}`));
  const shown = await getGoal(harness.db, "pr-calc");
  assert.deepEqual(
    [shown.status.pullRequest?.number, shown.status.pullRequest?.url, shown.status.pullRequest?.commit],
    [pull.number, `https://github.test/acme/calculator/pull/${pull.number}`, converged],
  );
  const events = await harness.db.event.findMany({ where: { goalName: "pr-calc" }, select: { message: true, data: true } });
  const stored = JSON.stringify(events) + JSON.stringify(await harness.db.notification.findMany());
  assert.ok(!stored.includes(TOKEN), "the token is in no event and no outbox row");
});

test("a re-run that converges again updates the same pull request instead of opening another", async () => {
  const before = github.requests.length;
  await controlGoal(harness.db, "pr-calc", "rerun", "alice");
  await harness.waitFor("the second update", async () => (await eventsOf("pr-calc", "PullRequestUpdated")).length === 1);
  const since = github.requests.slice(before);
  assert.equal(since.filter((request) => request.method === "POST" && request.path.endsWith("/pulls")).length, 0, "no second pull request");
  const [pull] = github.pulls("acme/calculator");
  assert.equal(github.pulls("acme/calculator").length, 1);
  assert.ok(since.some((request) => request.method === "PATCH" && request.path === `/repos/acme/calculator/pulls/${pull.number}`));
  assert.equal(github.statuses.length, 2, "the re-run's commit gets its status too");
});

test("a drift marks the pull request and its commit failing; the next convergence clears it", async () => {
  await runner.drain(5000); // no runner: the goal stays Queued while this test's sender delivers
  const goal = await harness.goal("pr-calc");
  await harness.db.$transaction((tx) =>
    setPhase(tx, goal.id, {
      phase: "Queued",
      reason: "Drifted",
      message: "the resync of 1234abcd found tests.pass_ratio 0.5, which breaks >= 1",
      event: { commit: goal.acceptedCommit },
    }),
  );
  await new NotificationSender(harness.db).sendDue();
  const [pull] = github.pulls("acme/calculator");
  assert.match(pull.body, /\*\*Drifted\*\*: the resync of 1234abcd found tests\.pass_ratio 0\.5/);
  const drift = github.statuses.at(-1)!;
  assert.deepEqual([drift.sha, drift.state], [goal.acceptedCommit, "failure"]);
  assert.match(drift.description, /^drifted: the resync/);
  assert.equal((await getGoal(harness.db, "pr-calc")).status.pullRequest?.drifted, true);

  runner = await harness.startRunner(1);
  await harness.waitFor("the pull request to be cleared", async () => (await getGoal(harness.db, "pr-calc")).status.pullRequest?.drifted === false, 120_000);
  assert.doesNotMatch(github.pulls("acme/calculator")[0].body, /Drifted/);
  assert.equal(github.statuses.at(-1)!.state, "success");
  assert.equal(github.pulls("acme/calculator").length, 1, "still the one pull request");
});

test("a pull request that cannot be made never holds up the loop: the goal converges, and the failure is an event", async () => {
  const { url } = await bareRemote("pr-no-token");
  await applyWithToken(
    "pr-no-token",
    calculatorSpec(url, { workspace: { repo: url, ref: "main", pullRequest: { repository: "acme/other", apiUrl: github.apiUrl } } }),
    null,
  );
  assert.equal((await harness.waitForPhase("pr-no-token", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000)).phase, "Converged");
  const [failed] = await harness.waitFor("the pull request to give up", async () => {
    const rows = await eventsOf("pr-no-token", "PullRequestFailed");
    return rows.length ? rows : null;
  });
  assert.match(
    failed.message,
    /the pull request update for Converged \(http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/acme\/other\) failed after 8 attempts: goal secret GITHUB_TOKEN is not set/,
  );
  assert.equal(github.pulls("acme/other").length, 0);
  assert.equal((await harness.goal("pr-no-token")).phase, "Converged");
});

test("GitHub refusing the token is retried, then said with GitHub's own words", async () => {
  await setGoalSecret(harness.db, "pr-no-token", { name: "GITHUB_TOKEN", value: "ghp_revoked-token-0000000000" }, "alice");
  github.refuseAll(401, "Bad credentials");
  try {
    const goal = await harness.goal("pr-no-token");
    await harness.db.$transaction((tx) => setPhase(tx, goal.id, { phase: "Converged", reason: "TargetsMet", message: "again" }));
    const [, failed] = await harness.waitFor("the second failure", async () => {
      const rows = await eventsOf("pr-no-token", "PullRequestFailed");
      return rows.length === 2 ? rows : null;
    });
    assert.match(failed.message, /failed after 8 attempts: GitHub's API answered HTTP 401: Bad credentials/);
    assert.doesNotMatch(failed.message, /revoked-token/);
  } finally {
    github.refuseAll(null);
  }
});

test("a pull request needs a GitHub repository it can name: apply says so on the field", () => {
  const spec = calculatorSpec("file:///srv/app.git", { workspace: { repo: "file:///srv/app.git", pullRequest: { base: "main" } } });
  assert.throws(
    () => validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name: "nameless" }, spec }),
    /spec\.workspace\.pullRequest\.repository: is needed: name the GitHub repository as 'owner\/name'/,
  );
  const fromUrl = validateManifest({
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "named" },
    spec: calculatorSpec("git@github.com:acme/app.git", { workspace: { repo: "git@github.com:acme/app.git", pullRequest: {} } }),
  });
  assert.deepEqual(fromUrl.spec.workspace.pullRequest, { base: "main", draft: false, tokenSecret: "GITHUB_TOKEN", apiUrl: "https://api.github.com" });
});

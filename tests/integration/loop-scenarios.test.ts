import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner(3);
});
after(async () => { await harness.close(); });

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const metric = (row: { metrics: unknown }, name: string) => (row.metrics as Record<string, number>)[name];

test("an agent that only claims success ends Stalled, never Converged", async () => {
  const repo = await harness.sampleRepo("claims");
  await harness.apply("claims", calculatorSpec(repo, {
    agent: { executor: "command", command: path.join(AGENTS, "claims-done.sh") },
    stop: { maxIterations: 10, stallIterations: 2 },
  }));
  const goal = await harness.waitForPhase("claims", ENDED);
  assert.equal(goal.phase, "Stalled", goal.message);
  const iterations = await harness.iterations("claims");
  assert.equal(iterations.length, 3, "the baseline and two iterations that changed nothing");
  assert.match(iterations[1].agentOutput, /All done/);
  assert.ok(iterations.every((row) => metric(row, "tests.pass_ratio") < 1));
});

test("an agent that edits a forbidden path never converges", async () => {
  const repo = await harness.sampleRepo("forbidden");
  await harness.apply("forbidden", calculatorSpec(repo, {
    agent: { executor: "command", command: path.join(AGENTS, "edits-tests.sh") },
    stop: { maxIterations: 3, stallIterations: 5 },
  }));
  const goal = await harness.waitForPhase("forbidden", ENDED);
  assert.notEqual(goal.phase, "Converged");
  const iterations = await harness.iterations("forbidden");
  const agentRuns = iterations.filter((row) => row.number > 0);
  assert.ok(agentRuns.length > 0);
  for (const row of agentRuns) {
    assert.equal(row.policyOk, false, `iteration ${row.number} broke the guard`);
    assert.equal(metric(row, "guard.ok"), 0);
    assert.equal(row.accepted, false);
    assert.equal(metric(row, "tests.pass_ratio"), 1, "the rewritten tests pass, which must not be enough");
  }
  const layers = await harness.db.layerResult.findMany({ where: { iterationId: agentRuns[0].id, name: "guard" } });
  assert.match(layers[0].comments ?? "", /test\/calculator\.test\.js/);
});

test("a regressing iteration is detected and reverted: the next starts from the best commit", async () => {
  const repo = await harness.sampleRepo("regress");
  await harness.apply("regress", calculatorSpec(repo, {
    agent: { executor: "command", command: `node ${path.join(AGENTS, "regresses.mjs")}` },
    stop: { maxIterations: 10, stallIterations: 3, onRegression: "revert" },
  }));
  const goal = await harness.waitForPhase("regress", ENDED, 120_000);
  const iterations = await harness.iterations("regress");
  const second = iterations.find((row) => row.number === 2)!;
  assert.equal(second.regression, true, "iteration 2 broke a passing test");
  assert.equal(second.accepted, false);
  const third = iterations.find((row) => row.number === 3)!;
  assert.equal(third.fromCommit, iterations.find((row) => row.number === 1)!.commit, "iteration 3 starts from iteration 1, the best");
  assert.equal(goal.phase, "Converged", goal.message);
});

test("max iterations end Exhausted", async () => {
  const repo = await harness.sampleRepo("max-iterations");
  await harness.apply("max-iterations", calculatorSpec(repo, { stop: { maxIterations: 2, stallIterations: 5 } }));
  const goal = await harness.waitForPhase("max-iterations", ENDED);
  assert.equal(goal.phase, "Exhausted");
  assert.equal(goal.reason, "MaxIterations");
  assert.equal((await harness.iterations("max-iterations")).filter((row) => row.number > 0).length, 2);

  // Resumed, it gets a fresh budget and goes on from where it was: the demo agent finishes the job.
  await controlGoal(harness.db, "max-iterations", "resume", "test");
  const again = await harness.waitForPhase("max-iterations", ENDED);
  assert.equal(again.runFromIteration, 3);
  assert.equal(again.phase, "Converged", again.message);
  assert.deepEqual((await harness.iterations("max-iterations")).map((row) => row.number), [0, 1, 2, 3, 4]);
});

test("the cost budget ends Exhausted", async () => {
  const repo = await harness.sampleRepo("max-cost");
  // The demo agent reports a pretend $0.01 a run: two runs spend the budget.
  await harness.apply("max-cost", calculatorSpec(repo, { stop: { maxIterations: 10, maxCostUsd: 0.02, stallIterations: 5 } }));
  const goal = await harness.waitForPhase("max-cost", ENDED);
  assert.equal(goal.phase, "Exhausted");
  assert.equal(goal.reason, "MaxCost");
  assert.ok(goal.costUsd >= 0.02 && goal.costUsd < 0.04, `spent ${goal.costUsd}`);
});

test("agent failures are retried per policy, then the goal fails", async () => {
  const repo = await harness.sampleRepo("failing");
  await harness.apply("failing", calculatorSpec(repo, {
    agent: { executor: "command", command: path.join(AGENTS, "fails.sh") },
    retry: { maxAgentFailures: 1, backoffSeconds: 0 },
  }));
  const goal = await harness.waitForPhase("failing", ENDED);
  assert.equal(goal.phase, "Failed");
  const failed = (await harness.iterations("failing")).filter((row) => row.phase === "AgentFailed");
  assert.equal(failed.length, 2, "one try and one retry");
  assert.match(failed[0].agentError ?? "", /exit/);
  assert.match(failed[0].agentOutput, /cannot work on this repository/);
  assert.ok(fs.existsSync(repo));
});

test("a goal on a git URL with workspace.push publishes its branch to the remote", async () => {
  const source = await harness.sampleRepo("remote-source");
  const bare = path.join(harness.dir, "remote.git");
  await runGit(["clone", "--quiet", "--bare", source, bare], { cwd: harness.dir });
  await harness.apply("pushed", calculatorSpec(`file://${bare}`, { workspace: { repo: `file://${bare}`, ref: "main", push: true } }));
  const goal = await harness.waitForPhase("pushed", ENDED, 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const remoteBranch = await runGit(["rev-parse", "refs/heads/setpoint/pushed"], { cwd: bare });
  assert.equal(remoteBranch.stdout.trim(), goal.acceptedCommit);
});

test("a reviewer layer judges the change but cannot alter what later layers measure", async () => {
  const repo = await harness.sampleRepo("reviewed");
  const reviewer = `echo 'sabotage' > src/calculator.js; echo '{"verdict":"approve","score":0.9,"comments":"looks right"}'`;
  await harness.apply("reviewed", calculatorSpec(repo, {
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }, { metric: "lint.ok", target: "== 1" }, { metric: "review.approved", target: "== 1" }],
    evaluation: {
      layers: [
        { name: "review", agent: { executor: "command", command: reviewer } },
        { name: "tests", run: "npm test --silent", parse: "tap" },
        { name: "lint", run: "npm run lint --silent", parse: "exit-code" },
      ],
    },
  }));
  const goal = await harness.waitForPhase("reviewed", ENDED, 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const last = (await harness.iterations("reviewed")).at(-1)!;
  assert.equal(metric(last, "review.score"), 0.9);
  const review = await harness.db.layerResult.findFirstOrThrow({ where: { iterationId: last.id, name: "review" } });
  assert.match(review.log, /the reviewer changed src\/calculator\.js; undone/);
  assert.equal(review.comments, "looks right");
});

test("an agent that plants a symlink out of the worktree has its change refused", async () => {
  const repo = await harness.sampleRepo("links");
  await harness.apply("links", calculatorSpec(repo, {
    agent: { executor: "command", command: path.join(AGENTS, "links-out.sh") },
    retry: { maxAgentFailures: 0, backoffSeconds: 0 },
  }));
  const goal = await harness.waitForPhase("links", ENDED);
  assert.equal(goal.phase, "Failed");
  const one = (await harness.iterations("links")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "AgentFailed");
  assert.match(one.agentError ?? "", /symlinks pointing outside the worktree \(leak\.txt\)/);
  const branch = await runGit(["ls-tree", "-r", "--name-only", "setpoint/links"], { cwd: repo });
  assert.doesNotMatch(branch.stdout, /leak\.txt/, "nothing of it reached the goal's branch");
});

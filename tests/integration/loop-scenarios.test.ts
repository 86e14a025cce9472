import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { parsedSpec } from "../../server/goals/parsed-spec";
import { readGoalChart } from "../../server/goals/read-goal-chart";
import { readIteration } from "../../server/iterations/read-iteration";
import { describeTarget } from "../../server/loop/spec-targets";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner(3);
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const metric = (row: { metrics: unknown }, name: string) => (row.metrics as Record<string, number>)[name];

test("an agent that only claims success ends Stalled, never Converged", async () => {
  const repo = await harness.sampleRepo("claims");
  await harness.apply(
    "claims",
    calculatorSpec(repo, {
      agent: { executor: "command", command: path.join(AGENTS, "claims-done.sh") },
      stop: { maxIterations: 10, stallIterations: 2 },
    }),
  );
  const goal = await harness.waitForPhase("claims", ENDED);
  assert.equal(goal.phase, "Stalled", goal.message);
  const iterations = await harness.iterations("claims");
  assert.equal(iterations.length, 3, "the baseline and two iterations that changed nothing");
  assert.match(iterations[1].agentOutput, /All done/);
  assert.ok(iterations.every((row) => metric(row, "tests.pass_ratio") < 1));
});

test("an agent that edits a forbidden path never converges", async () => {
  const repo = await harness.sampleRepo("forbidden");
  await harness.apply(
    "forbidden",
    calculatorSpec(repo, {
      agent: { executor: "command", command: path.join(AGENTS, "edits-tests.sh") },
      stop: { maxIterations: 3, stallIterations: 5 },
    }),
  );
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
  await harness.apply(
    "regress",
    calculatorSpec(repo, {
      agent: { executor: "command", command: `node ${path.join(AGENTS, "regresses.mjs")}` },
      stop: { maxIterations: 10, stallIterations: 3, onRegression: "revert" },
    }),
  );
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
  assert.deepEqual(
    (await harness.iterations("max-iterations")).map((row) => row.number),
    [0, 1, 2, 3, 4],
  );
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
  await harness.apply(
    "failing",
    calculatorSpec(repo, {
      agent: { executor: "command", command: path.join(AGENTS, "fails.sh") },
      retry: { maxAgentFailures: 1, backoffSeconds: 0 },
    }),
  );
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
  await harness.apply(
    "reviewed",
    calculatorSpec(repo, {
      metrics: [
        { metric: "tests.pass_ratio", target: ">= 1" },
        { metric: "lint.ok", target: "== 1" },
        { metric: "review.approved", target: "== 1" },
      ],
      evaluation: {
        layers: [
          { name: "review", agent: { executor: "command", command: reviewer } },
          { name: "tests", run: "npm test --silent", parse: "tap" },
          { name: "lint", run: "npm run lint --silent", parse: "exit-code" },
        ],
      },
    }),
  );
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
  await harness.apply(
    "links",
    calculatorSpec(repo, {
      agent: { executor: "command", command: path.join(AGENTS, "links-out.sh") },
      retry: { maxAgentFailures: 0, backoffSeconds: 0 },
    }),
  );
  const goal = await harness.waitForPhase("links", ENDED);
  assert.equal(goal.phase, "Failed");
  const one = (await harness.iterations("links")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "AgentFailed");
  assert.match(one.agentError ?? "", /symlinks pointing outside the worktree \(leak\.txt\)/);
  const branch = await runGit(["ls-tree", "-r", "--name-only", "setpoint/links"], { cwd: repo });
  assert.doesNotMatch(branch.stdout, /leak\.txt/, "nothing of it reached the goal's branch");
});

test("a relative benchmark target holds, then a change that makes the benchmark 20% slower is a regression and is not kept", async () => {
  // The benchmark reports a deterministic cost (work units as seconds) so the test measures the judge, not the machine's load.
  const repo = await harness.gitRepo("relative-bench", {
    "work.json": `${JSON.stringify({ units: 1000, features: 0 })}\n`,
    "bench.js":
      "const w = JSON.parse(require('fs').readFileSync('work.json', 'utf8'));\nconsole.log(JSON.stringify({ seconds: w.units / 1000, features: w.features }));\n",
  });
  await harness.apply("relative-bench", {
    intent: "Ship both features without slowing the benchmark down.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: `node ${path.join(AGENTS, "slows-bench.mjs")}`, timeoutSeconds: 60 },
    metrics: [
      { metric: "bench.features", target: ">= 2" },
      { metric: "bench.seconds", target: "<= baseline * 1.05" },
    ],
    evaluation: { layers: [{ name: "bench", run: "node bench.js", parse: "json", fields: { seconds: "seconds", features: "features" } }] },
    stop: { maxIterations: 6, stallIterations: 3, onRegression: "revert" },
  });
  const goal = await harness.waitForPhase("relative-bench", ENDED, 120_000);
  const iterations = await harness.iterations("relative-bench");
  const [, first, slower, third] = iterations;
  assert.equal(metric(first, "bench.seconds"), 1);
  assert.deepEqual([first.regression, first.accepted], [false, true], "iteration 1 kept the benchmark within 5% of the baseline");
  assert.equal(metric(slower, "bench.seconds"), 1.2);
  assert.equal(metric(slower, "bench.features"), 2, "it shipped the feature, which must not be enough");
  assert.deepEqual([slower.regression, slower.accepted], [true, false], "20% slower than the baseline is a regression");
  assert.equal(third.fromCommit, first.commit, "iteration 3 builds on iteration 1, not the slower change");
  assert.match(third.prompt, /- bench\.seconds <= baseline \* 1\.05 \(= 1\.05\): 1, met/, "the agent is told the bound's value");
  assert.equal(goal.phase, "Converged", goal.message);
  assert.equal(goal.bestIteration, 3);
  const chart = await readGoalChart(harness.db, { id: goal.id, spec: parsedSpec(goal), bestIteration: goal.bestIteration });
  assert.deepEqual(
    chart.series[1].targetValues,
    iterations.map(() => 1.05),
    "the chart draws the resolved bound at every iteration",
  );
  const page = await readIteration(harness.db, "relative-bench", 2);
  assert.equal(describeTarget(page!.targets[1]), "<= baseline * 1.05 (= 1.05)", "the iteration page shows the bound it was judged against");
});

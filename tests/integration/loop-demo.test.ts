import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { runGit } from "../../server/workspace/run-git";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

test("the demo goal converges from a fresh start, measured by its layers", async () => {
  const repo = await harness.sampleRepo();
  const testsBefore = fs.readFileSync(path.join(repo, "test/calculator.test.js"), "utf8");
  await harness.apply("demo", calculatorSpec(repo));
  await harness.startRunner();

  const goal = await harness.waitForPhase("demo", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.equal(goal.phase, "Converged", `${goal.reason}: ${goal.message}`);

  const iterations = await harness.iterations("demo");
  assert.equal(iterations[0].number, 0, "iteration 0 is the baseline");
  assert.ok((iterations[0].metrics as Record<string, number>)["tests.pass_ratio"] < 1, "the sample starts with failing tests");
  assert.deepEqual(
    iterations.map((row) => row.number),
    iterations.map((_, index) => index),
    "numbers are contiguous",
  );
  const last = iterations.at(-1)!;
  assert.equal((last.metrics as Record<string, number>)["tests.pass_ratio"], 1);
  assert.equal((last.metrics as Record<string, number>)["lint.ok"], 1);
  assert.equal(goal.bestIteration, last.number);

  // The work lives in git: the goal's branch points at the converged commit, tests untouched.
  const branch = await runGit(["rev-parse", "setpoint/demo"], { cwd: repo });
  assert.equal(branch.stdout.trim(), last.commit);
  const testsAfter = await runGit(["show", `${last.commit}:test/calculator.test.js`], { cwd: repo });
  assert.equal(testsAfter.stdout, testsBefore);

  const events = await harness.db.event.findMany({ where: { goalId: goal.id }, orderBy: { id: "asc" } });
  assert.ok(events.some((event) => event.type === "Converged"));
  assert.ok(events.filter((event) => event.type === "IterationEvaluated").length === iterations.length);
});

test("a converged goal run again, or given a changed layer, measures its commit again: a real new iteration, not the old verdict", async () => {
  const repo = await harness.sampleRepo();
  await harness.apply("again", calculatorSpec(repo));
  await harness.startRunner();
  const first = await harness.waitForPhase("again", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.equal(first.phase, "Converged", first.message);
  const before = (await harness.iterations("again")).length;

  await controlGoal(harness.db, "again", "rerun", "tester");
  const rerun = await harness.waitFor(
    "a new iteration after the re-run",
    async () => {
      const rows = await harness.iterations("again");
      const goal = await harness.goal("again");
      return rows.length > before && goal.phase === "Converged" ? rows : null;
    },
    120_000,
  );
  const remeasured = rerun.at(-1)!;
  assert.equal(remeasured.fromIteration, null, "a measurement of the commit, no agent");
  assert.equal(remeasured.commit, first.acceptedCommit);

  // A changed layer command is measured too: its output is in the new iteration's log.
  const changed = calculatorSpec(repo);
  (changed.evaluation as { layers: { name: string; run?: string }[] }).layers[1].run = "echo measured-again && npm run lint --silent";
  await harness.apply("again", changed);
  const log = await harness.waitFor(
    "the changed layer's output",
    async () => {
      const goal = await harness.goal("again");
      if (goal.phase !== "Converged" || goal.generation !== 2) return null;
      const last = (await harness.iterations("again")).at(-1)!;
      const layer = await harness.db.layerResult.findFirst({ where: { iterationId: last.id, name: "lint" } });
      return layer?.log.includes("measured-again") ? layer.log : null;
    },
    120_000,
  );
  assert.match(log, /measured-again/);
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { runGit } from "../../server/workspace/run-git";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => { harness = await startHarness(); });
after(async () => { await harness.close(); });

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
  assert.deepEqual(iterations.map((row) => row.number), iterations.map((_, index) => index), "numbers are contiguous");
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

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { parseDiff } from "../../components/iteration/parse-diff";
import { decideApproval } from "../../server/approvals/decide-approval";
import { readApproval, readIteration, readIterationRange, readNeighbours } from "../../server/iterations/read-iteration";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const spec = {
  intent: "x",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [{ metric: "t.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "t", run: "true" }] },
};

async function addIteration(goal: string, number: number, data: Record<string, unknown> = {}) {
  const { id: goalId } = await harness.goal(goal);
  return harness.db.iteration.create({ data: { goalId, number, generation: 1, phase: "Evaluated", leaseEpoch: 1, ...data } });
}

test("an iteration is read with its layers in the spec's order, whatever order they were written in", async () => {
  await harness.apply("layered", spec);
  const row = await addIteration("layered", 0, { metrics: { "t.ok": 1 }, diff: "", prompt: "do it", agentOutput: "done", runnerId: "r-1", interruptions: 1 });
  for (const [name, position] of [
    ["lint", 1],
    ["review", 2],
    ["tests", 0],
  ] as const) {
    await harness.db.layerResult.create({
      data: {
        iterationId: row.id,
        name,
        position,
        kind: name === "review" ? "agent" : "run",
        ok: name !== "lint",
        log: `${name} log`,
        comments: name === "review" ? "looks fine" : null,
        metrics: { [`${name}.ok`]: 1 },
      },
    });
  }
  const iteration = await readIteration(harness.db, "layered", 0);
  assert.ok(iteration);
  assert.deepEqual(
    iteration.layers.map((layer) => layer.name),
    ["tests", "lint", "review"],
  );
  assert.deepEqual(
    iteration.layers.map((layer) => layer.ok),
    [true, false, true],
  );
  assert.equal(iteration.layers[2].comments, "looks fine");
  assert.equal(iteration.layers[1].log, "lint log");
  assert.equal(iteration.goal.name, "layered");
  assert.equal(iteration.goal.spec.metrics[0].metric, "t.ok");
  assert.deepEqual([iteration.prompt, iteration.agentOutput, iteration.runnerId, iteration.interruptions], ["do it", "done", "r-1", 1]);
});

test("an unknown goal, an unknown number or another goal's number reads as not found", async () => {
  await harness.apply("alpha", spec);
  await harness.apply("beta", spec);
  await addIteration("alpha", 0);
  await addIteration("alpha", 1);
  assert.equal(await readIteration(harness.db, "no-such-goal", 0), null);
  assert.equal(await readIteration(harness.db, "alpha", 7), null);
  assert.equal(await readIteration(harness.db, "beta", 1), null, "beta has no iterations of its own");
  assert.deepEqual(await readIterationRange(harness.db, "alpha"), { goalExists: true, first: 0, last: 1 });
  assert.deepEqual(await readIterationRange(harness.db, "beta"), { goalExists: true, first: null, last: null });
  assert.deepEqual(await readIterationRange(harness.db, "no-such-goal"), { goalExists: false, first: null, last: null });
});

test("previous and next skip missing numbers and stop at either end", async () => {
  await harness.apply("gappy", spec);
  for (const number of [0, 1, 4]) await addIteration("gappy", number);
  assert.deepEqual(await readNeighbours(harness.db, "gappy", 0), { previous: null, next: 1 });
  assert.deepEqual(await readNeighbours(harness.db, "gappy", 1), { previous: 0, next: 4 });
  assert.deepEqual(await readNeighbours(harness.db, "gappy", 4), { previous: 1, next: null });
});

test("the approval gate reads pending, then who decided, when and why; a rejection without a comment is refused", async () => {
  await harness.apply("gated", spec);
  await addIteration("gated", 0);
  await addIteration("gated", 1, { approval: "pending", accepted: true });
  await addIteration("gated", 2, { approval: "pending" });
  assert.equal(await readApproval(harness.db, "gated", 0), null, "an iteration that never waited has no gate");
  assert.equal(await readApproval(harness.db, "gated", 9), null);
  assert.deepEqual(await readApproval(harness.db, "gated", 1), { state: "pending", comment: null, by: null, at: null });
  assert.equal((await readIteration(harness.db, "gated", 1))?.phase, "AwaitingApproval");

  await assert.rejects(decideApproval(harness.db, { name: "gated", iteration: 1, approve: false, comment: "   ", actor: "ana" }), /needs a comment/);
  assert.equal((await readApproval(harness.db, "gated", 1))?.state, "pending", "the refused rejection changed nothing");

  await decideApproval(harness.db, { name: "gated", iteration: 1, approve: true, comment: "ship it", actor: "ana" });
  const approved = await readApproval(harness.db, "gated", 1);
  assert.equal(approved?.state, "approved");
  assert.equal(approved?.by, "ana");
  assert.equal(approved?.comment, "ship it");
  assert.ok(approved?.at && Date.now() - Date.parse(approved.at) < 60_000, "decided just now");

  await decideApproval(harness.db, { name: "gated", iteration: 2, approve: false, comment: "tests were edited", actor: "bo" });
  const rejected = await readIteration(harness.db, "gated", 2);
  assert.equal(rejected?.phase, "Rejected");
  assert.deepEqual([rejected?.approval, rejected?.approvedBy, rejected?.approvalComment], ["rejected", "bo", "tests were edited"]);
});

test("a real iteration of the demo loop waits at the gate with a diff the page can read file by file", async () => {
  const repo = await harness.sampleRepo();
  await harness.apply("demo-gate", calculatorSpec(repo, { approval: { policy: "every-iteration" } }));
  await harness.startRunner();
  await harness.waitForPhase("demo-gate", ["AwaitingApproval"], 120_000);
  const iteration = await readIteration(harness.db, "demo-gate", 1);
  assert.ok(iteration);
  assert.equal(iteration.phase, "AwaitingApproval");
  assert.deepEqual(
    iteration.layers.map((layer) => layer.name),
    ["tests", "lint", "guard"],
  );
  assert.ok(iteration.commit && iteration.fromCommit && iteration.prompt.length > 0);
  const files = parseDiff(iteration.diff).files;
  assert.equal(files.length, iteration.changedFiles);
  assert.ok(files.every((file) => file.additions + file.deletions > 0));
  assert.equal((await readApproval(harness.db, "demo-gate", 1))?.state, "pending");
  assert.deepEqual(await readNeighbours(harness.db, "demo-gate", 1), { previous: 0, next: null });
});

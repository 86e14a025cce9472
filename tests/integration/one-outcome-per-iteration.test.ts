import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { claimNextGoal } from "../../server/queue/claim-next-goal";
import { noMask } from "../../server/secrets/mask-secrets";
import { recordAgentFailed, recordEvaluated, recordStarted } from "../../server/runner/record-iteration";
import { failedAgent } from "../helpers/failed-agent";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const agentFailure = failedAgent();

// The runner's code keeps this from happening; the database keeps it from happening when that code is wrong.
test("the database refuses a second outcome for one iteration, whichever runner code records it", async () => {
  await harness.apply("twice", calculatorSpec("/nowhere"));
  const claimed = await claimNextGoal(harness.db, "runner-a");
  assert.ok(claimed);
  const { lease } = claimed;
  const start = { number: 0, generation: 1, fromIteration: null, fromCommit: "0".repeat(40), runnerId: "runner-a", prompt: "", agent: null };
  const { id: iterationId } = await recordStarted(harness.db, lease, start, noMask);
  const evaluated = {
    iterationId,
    number: 0,
    commit: start.fromCommit,
    diff: "",
    changedFiles: 0,
    agent: null,
    evaluation: { metrics: { "tests.pass_ratio": 1 }, layers: [], policyOk: true },
    verdict: { regression: false, accepted: true, awaitsApproval: false, publish: false, bestIteration: 0, acceptedCommit: start.fromCommit },
    evalMs: 1,
    costUsd: 0,
    liveWritten: false,
  };
  await recordEvaluated(harness.db, lease, evaluated, noMask);

  await assert.rejects(recordEvaluated(harness.db, lease, evaluated, noMask), /Unique constraint|Event_goalId_iteration_outcome_key/);
  await assert.rejects(recordAgentFailed(harness.db, lease, iterationId, 0, agentFailure, noMask), /Unique constraint|Event_goalId_iteration_outcome_key/);
  const goal = await harness.goal("twice");
  const outcomes = await harness.db.event.count({ where: { goalId: goal.id, type: { in: ["IterationEvaluated", "AgentFailed"] } } });
  assert.equal(outcomes, 1);
  assert.equal((await harness.iterations("twice"))[0].phase, "Evaluated", "the refused write left the first outcome as it was");

  // Another iteration's outcome is its own.
  const { id: next } = await recordStarted(harness.db, lease, { ...start, number: 1, fromIteration: 0 }, noMask);
  await recordAgentFailed(harness.db, lease, next, 1, agentFailure, noMask);
});

// Texts are cut at length limits (a reviewer's comment in the prompt, a verdict's line in a layer's log), and a cut
// can land inside an emoji: the half left must not stop the iteration being recorded.
test("a prompt and a layer log cut inside an emoji are recorded, the broken half as U+FFFD", async () => {
  await harness.apply("emoji-cut", calculatorSpec("/nowhere"));
  const claimed = await claimNextGoal(harness.db, "runner-a");
  assert.ok(claimed);
  const { lease } = claimed;
  const cut = "fix the 😀".slice(0, -1); // ends with the first half of the pair
  const start = { number: 0, generation: 1, fromIteration: null, fromCommit: "0".repeat(40), runnerId: "runner-a", prompt: `prompt: ${cut}`, agent: null };
  const { id } = await recordStarted(harness.db, lease, start, noMask);
  const layer = { name: "review", kind: "agent" as const, ok: false, metrics: {}, log: `verdict: ${cut}`, exitCode: 1, durationMs: 1, comments: cut };
  await recordEvaluated(
    harness.db,
    lease,
    {
      iterationId: id,
      number: 0,
      commit: start.fromCommit,
      diff: "",
      changedFiles: 0,
      agent: null,
      evaluation: { metrics: { "review.ok": 0 }, layers: [layer], policyOk: true },
      verdict: { regression: false, accepted: true, awaitsApproval: false, publish: false, bestIteration: 0, acceptedCommit: start.fromCommit },
      evalMs: 1,
      costUsd: 0,
      liveWritten: false,
    },
    noMask,
  );
  const [row] = await harness.iterations("emoji-cut");
  assert.equal(row.phase, "Evaluated");
  assert.equal(row.prompt, "prompt: fix the \uFFFD");
  const [stored] = await harness.db.layerResult.findMany({ where: { iterationId: id } });
  assert.deepEqual([stored.log, stored.comments], ["verdict: fix the \uFFFD", "fix the \uFFFD"]);
});

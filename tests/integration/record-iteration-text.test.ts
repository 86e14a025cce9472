import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { claimNextGoal } from "../../server/queue/claim-next-goal";
import { recordEvaluated, recordStarted } from "../../server/runner/record-iteration";
import { noMask } from "../../server/secrets/mask-secrets";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
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

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { decideApproval } from "../../server/approvals/decide-approval";
import { listPendingApprovals } from "../../server/approvals/list-pending";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const DIFF = [
  "diff --git a/src/calculator.js b/src/calculator.js",
  "--- a/src/calculator.js",
  "+++ b/src/calculator.js",
  "@@ -1 +1 @@",
  "-a",
  "+b",
  "diff --git a/README.md b/README.md",
  "--- a/README.md",
  "+++ b/README.md",
].join("\n");

// An iteration recorded as waiting at the gate, finished `minutesAgo` minutes ago.
async function pendingIteration(goal: string, number: number, minutesAgo: number, metrics: Record<string, number>, approval: string | null = "pending") {
  const { id } = await harness.goal(goal);
  const finishedAt = new Date(Date.now() - minutesAgo * 60_000);
  await harness.db.iteration.create({
    data: {
      goalId: id,
      number,
      generation: 1,
      phase: "Evaluated",
      metrics,
      approval,
      diff: DIFF,
      changedFiles: 2,
      leaseEpoch: 1,
      startedAt: new Date(finishedAt.getTime() - 30_000),
      finishedAt,
    },
  });
}

test("iterations waiting for a person are listed across goals, the longest-waiting first", async () => {
  await harness.apply("alpha", calculatorSpec("/tmp", { approval: { policy: "every-iteration" } }));
  await harness.apply("beta", calculatorSpec("/tmp", { approval: { policy: "on-converge" } }));
  await pendingIteration("alpha", 1, 30, {}, "approved");
  await pendingIteration("alpha", 2, 5, { "tests.pass_ratio": 0.5, "lint.ok": 1 });
  await pendingIteration("beta", 3, 20, { "tests.pass_ratio": 1, "lint.ok": 1 });
  await pendingIteration("beta", 4, 1, {}, null);

  const pending = await listPendingApprovals(harness.db);

  assert.deepEqual(
    pending.map((item) => [item.goal, item.iteration]),
    [
      ["beta", 3],
      ["alpha", 2],
    ],
    "decided and ungated iterations are left out",
  );
  assert.deepEqual(
    pending.map((item) => item.policy),
    ["on-converge", "every-iteration"],
  );
  assert.deepEqual(pending[0].changedFiles, ["src/calculator.js", "README.md"]);
  assert.equal(pending[0].changedFileCount, 2);
});

test("each waiting iteration's metrics are checked against its goal's targets", async () => {
  const pending = await listPendingApprovals(harness.db);
  const alpha = pending.find((item) => item.goal === "alpha")!;
  assert.deepEqual(
    alpha.metrics.map(({ metric, target, shown, met }) => ({ metric, target, shown, met })),
    [
      { metric: "tests.pass_ratio", target: ">= 1", shown: "0.5", met: false },
      { metric: "lint.ok", target: "== 1", shown: "1", met: true },
    ],
  );
  assert.equal(alpha.allMet, false);
  assert.equal(pending.find((item) => item.goal === "beta")!.allMet, true);
});

test("a metric the iteration did not measure counts as not met", async () => {
  await harness.apply("gamma", calculatorSpec("/tmp", { approval: { policy: "every-iteration" } }));
  await pendingIteration("gamma", 1, 2, { "lint.ok": 1 });
  const gamma = (await listPendingApprovals(harness.db)).find((item) => item.goal === "gamma")!;
  assert.deepEqual(gamma.metrics[0], { metric: "tests.pass_ratio", target: ">= 1", value: undefined, shown: "not measured", met: false });
});

test("a real loop's gate shows up while it waits and leaves the list once decided", async () => {
  const repo = await harness.sampleRepo("gated");
  await harness.apply("gated", calculatorSpec(repo, { approval: { policy: "every-iteration" } }));
  await harness.startRunner(1);
  await harness.waitForPhase("gated", ["AwaitingApproval"], 90_000);

  const waiting = (await listPendingApprovals(harness.db)).find((item) => item.goal === "gated");
  assert.ok(waiting, "the parked iteration is listed");
  assert.equal(waiting.iteration, 1);
  assert.ok(waiting.changedFiles.length > 0, "the demo agent's edit is listed");
  assert.ok(Date.now() - waiting.waitingSince.getTime() < 60_000, "it has waited since it was recorded");

  await decideApproval(harness.db, { name: "gated", iteration: 1, approve: false, comment: "not like this", actor: "alice" });
  const after = await listPendingApprovals(harness.db);
  assert.equal(
    after.some((item) => item.goal === "gated" && item.iteration === 1),
    false,
  );
});

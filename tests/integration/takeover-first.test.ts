import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { claimNextGoal } from "../../server/queue/claim-next-goal";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

// A goal that never converges: its agent thinks for a second, its layer never meets the target.
function endless(repo: string): Record<string, unknown> {
  return {
    intent: "Keep a slot busy.",
    workspace: { repo },
    agent: { executor: "command", command: "sleep 1" },
    metrics: [{ metric: "check.exit_code", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "true", parse: "exit-code" }] },
    stop: { maxIterations: 50, stallIterations: 50 },
  };
}

// What a runner that died holding the goal leaves behind: its lease, run out.
async function orphan(name: string, phase: "Running" | "Queued"): Promise<void> {
  await harness.db.$executeRaw`
    UPDATE "Goal" SET phase = ${phase}, "leaseOwner" = 'dead-runner', "leaseEpoch" = "leaseEpoch" + 1,
      "leaseExpiresAt" = timezone('UTC', now()) - interval '1 second'
    WHERE name = ${name}`;
}

test("a goal whose runner died is claimed before queued goals, even older ones", async () => {
  const repo = await harness.sampleRepo("claim-order");
  for (const name of ["queued-first", "orphaned-running", "orphaned-claim"]) await harness.apply(name, endless(repo));
  await orphan("orphaned-running", "Running");
  await orphan("orphaned-claim", "Queued"); // claimed, and its runner died before it started on it

  const order = [];
  for (let claim = await claimNextGoal(harness.db, "live-runner"); claim; claim = await claimNextGoal(harness.db, "live-runner"))
    order.push(claim.lease.goalName);
  assert.deepEqual(order, ["orphaned-running", "orphaned-claim", "queued-first"]);
  await harness.db.goal.updateMany({ data: { phase: "Cancelled", leaseOwner: null, leaseExpiresAt: null } });
});

test("when every slot is busy, a slot gives way between iterations to a goal whose runner died", async () => {
  const repo = await harness.sampleRepo("give-way");
  await harness.apply("busy", endless(repo));
  await harness.startRunner(1);
  await harness.waitFor("the busy goal's first iteration", async () => (await harness.iterations("busy")).find((row) => row.number === 1));

  await harness.apply("stranded", endless(repo));
  await orphan("stranded", "Running");
  const strandedAt = Date.now();
  const stranded = await harness.goal("stranded");
  const takeover = await harness.waitFor(
    "a runner to work on the stranded goal",
    () => harness.db.event.findFirst({ where: { goalId: stranded.id, type: "IterationStarted" } }),
    30_000,
  );
  assert.ok(takeover.createdAt.getTime() - strandedAt < 15_000, `taken over after ${takeover.createdAt.getTime() - strandedAt} ms, within an iteration or two`);

  const busy = await harness.goal("busy");
  const gaveWay = await harness.db.event.findFirst({ where: { goalId: busy.id, reason: "GaveWay" } });
  assert.ok(gaveWay, "the busy goal was queued again to free its slot");
  assert.equal(gaveWay.type, "Queued");
  const busyIterations = await harness.iterations("busy");
  assert.ok(
    busyIterations.every((row) => row.phase !== "Interrupted"),
    "it gave way between iterations, not in one",
  );
});

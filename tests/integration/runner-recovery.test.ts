import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { AGENTS, calculatorSpec, exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const FAST_LEASE = { SETPOINT_LEASE_SECONDS: "3" };

test("a runner killed with SIGKILL mid-iteration is recovered by another: the iteration is redone, never lost or counted twice", async () => {
  const repo = await harness.sampleRepo("crash");
  await harness.apply(
    "crash",
    calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "4" } } }),
  );

  const first = harness.spawnRunner(FAST_LEASE);
  const running = await harness.waitFor("iteration 1 to be running", async () => {
    const rows = await harness.iterations("crash").catch(() => []);
    return rows.find((row) => row.number === 1 && row.phase === "Running");
  });
  const killedAt = Date.now();
  first.kill("SIGKILL");
  await exited(first);

  const second = harness.spawnRunner(FAST_LEASE);
  const goal = await harness.waitForPhase("crash", ENDED, 150_000);
  second.kill("SIGTERM");
  await exited(second);
  assert.equal(goal.phase, "Converged", goal.message);

  const iterations = await harness.iterations("crash");
  assert.deepEqual(
    iterations.map((row) => row.number),
    iterations.map((_, index) => index),
    "each number once, none skipped",
  );
  const redone = iterations.find((row) => row.number === 1)!;
  assert.equal(redone.interruptions, 1, "iteration 1 was recorded as interrupted once");
  assert.notEqual(redone.runnerId, running.runnerId, "another runner redid it");
  assert.ok(redone.leaseEpoch > running.leaseEpoch);

  const events = await harness.db.event.findMany({ where: { goalId: goal.id, type: "IterationInterrupted" } });
  assert.equal(events.length, 1);
  assert.ok(events[0].createdAt.getTime() - killedAt < 60_000, "taken over within 60 s of the kill");
  const evaluated = await harness.db.event.findMany({ where: { goalId: goal.id, type: "IterationEvaluated" } });
  assert.equal(evaluated.length, iterations.length, "every iteration evaluated exactly once");
  assert.deepEqual(fs.readdirSync(path.join(harness.workDir, "worktrees", "crash")), [], "the dead runner's worktree was cleared too");
});

test("SIGTERM drains: the runner finishes its iteration, hands the goal back, and another runner goes on", async () => {
  const repo = await harness.sampleRepo("drain");
  await harness.apply(
    "drain",
    calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "2" } } }),
  );
  const first = harness.spawnRunner(FAST_LEASE);
  await harness.waitFor("iteration 1 to be running", async () => {
    const rows = await harness.iterations("drain").catch(() => []);
    return rows.find((row) => row.number === 1 && row.phase === "Running");
  });
  first.kill("SIGTERM");
  assert.equal(await exited(first), 0, "a drained runner exits cleanly");

  const afterDrain = await harness.iterations("drain");
  const one = afterDrain.find((row) => row.number === 1)!;
  assert.equal(one.phase, "Evaluated", "the iteration in flight was finished, not abandoned");
  const goal = await harness.goal("drain");
  assert.equal(goal.leaseOwner, null, "the lease was handed back");
  assert.equal(goal.phase, "Queued");
  assert.equal(goal.reason, "RunnerStopped");

  const second = harness.spawnRunner(FAST_LEASE);
  const ended = await harness.waitForPhase("drain", ENDED, 150_000);
  assert.equal(ended.phase, "Converged", ended.message);
  // Converging keeps the lease (unlike a park): the runner lets go of it a statement later.
  await harness.waitFor("the runner to let go of the converged goal", async () => (await harness.goal("drain")).leaseOwner === null, 5_000);
  assert.ok((await harness.iterations("drain")).every((row) => row.interruptions === 0));
  second.kill("SIGTERM"); // the next test's goal is for its own runner
  await exited(second);
});

test("a drain that outlasts its grace interrupts the iteration and still hands the goal back to the queue", async () => {
  const repo = await harness.sampleRepo("drain-past-grace");
  await harness.apply(
    "drain-past-grace",
    calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "30" } } }),
  );
  const runner = await harness.startRunner();
  await harness.waitFor("iteration 1 to be running", async () => {
    const rows = await harness.iterations("drain-past-grace").catch(() => []);
    return rows.find((row) => row.number === 1 && row.phase === "Running");
  });
  await runner.drain(500);
  const one = (await harness.iterations("drain-past-grace")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "Interrupted");
  const goal = await harness.goal("drain-past-grace");
  assert.deepEqual([goal.phase, goal.reason, goal.leaseOwner], ["Queued", "RunnerStopped", null], goal.message);
  await controlGoal(harness.db, "drain-past-grace", "cancel", "alice"); // not for the next tests' runners
});

test("a cancel stops the agent at once, records the iteration as interrupted, and ends the goal Cancelled; goals queued meanwhile renew no lease", async () => {
  const repo = await harness.sampleRepo("cancel-now");
  await harness.apply(
    "cancel-now",
    calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "60" } } }),
  );
  const runner = harness.spawnRunner();
  await harness.waitFor("iteration 1 to be running", async () => {
    const rows = await harness.iterations("cancel-now").catch(() => []);
    return rows.find((row) => row.number === 1 && row.phase === "Running");
  });
  // Each apply NOTIFYs the queue. Only a pause or cancel of a goal is for its holder: were every queue NOTIFY to
  // renew every lease a runner holds, as it once did, 500 goals queued would cost 125,000 renewals.
  const renewals = new Set<number>();
  for (let index = 0; index < 8; index += 1) {
    await harness.apply(`queued-${index}`, { ...calculatorSpec(repo), dependsOn: ["cancel-now"] });
    renewals.add((await harness.goal("cancel-now")).leaseExpiresAt!.getTime());
    await new Promise((resolve) => setTimeout(resolve, 100));
    renewals.add((await harness.goal("cancel-now")).leaseExpiresAt!.getTime());
  }
  // The lease's own heartbeat (every 10 s) may fall in these 2 seconds once.
  assert.ok(renewals.size <= 2, `the held lease was renewed ${renewals.size - 1} times while 8 other goals were queued`);
  const cancelledAt = Date.now();
  await controlGoal(harness.db, "cancel-now", "cancel", "alice");
  const goal = await harness.waitForPhase("cancel-now", ["Cancelled"], 20_000);
  assert.ok(Date.now() - cancelledAt < 5000, `cancelled after ${Date.now() - cancelledAt} ms, not at the next heartbeat`);
  assert.equal(goal.phase, "Cancelled");
  // The lease is let go right after the phase is written (a statement later): wait for it, briefly.
  await harness.waitFor("the runner to let go of the cancelled goal", async () => (await harness.goal("cancel-now")).leaseOwner === null, 5_000);
  const one = (await harness.iterations("cancel-now")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "Interrupted");
  assert.match(one.agentError ?? "", /cancelled/);
  runner.kill("SIGTERM");
  await exited(runner);
});

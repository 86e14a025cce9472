import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listRunners } from "../../server/runners/list-runners";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

test("runners are alive, dead once their heartbeat is older than a lease, or stopped; alive ones first", async () => {
  await harness.db.runner.createMany({
    data: [
      { id: "stopped-one", host: "h1", pid: 1, concurrency: 2, heartbeatAt: secondsAgo(5), stoppedAt: secondsAgo(5), iterationsDone: 9 },
      { id: "dead-one", host: "h2", pid: 2, concurrency: 2, heartbeatAt: secondsAgo(120) },
      { id: "alive-one", host: "h3", pid: 3, concurrency: 4, heartbeatAt: secondsAgo(3), iterationsDone: 7 },
    ],
  });
  const runners = await listRunners(harness.db);
  assert.deepEqual(
    runners.map((runner) => [runner.id, runner.status]),
    [
      ["alive-one", "alive"],
      ["dead-one", "dead"],
      ["stopped-one", "stopped"],
    ],
  );
  assert.deepEqual(
    { ...runners[0], held: undefined, startedAt: undefined, heartbeatAt: undefined },
    {
      id: "alive-one",
      host: "h3",
      pid: 3,
      slots: 4,
      iterationsDone: 7,
      status: "alive",
      stoppedAt: null,
      held: undefined,
      startedAt: undefined,
      heartbeatAt: undefined,
    },
  );
});

test("the lease duration decides when a silent runner counts as dead", async () => {
  const previous = process.env.SETPOINT_LEASE_SECONDS;
  process.env.SETPOINT_LEASE_SECONDS = "300";
  try {
    const dead = (await listRunners(harness.db)).find((runner) => runner.id === "dead-one")!;
    assert.equal(dead.status, "alive", "two minutes of silence is within a five-minute lease");
  } finally {
    if (previous === undefined) delete process.env.SETPOINT_LEASE_SECONDS;
    else process.env.SETPOINT_LEASE_SECONDS = previous;
  }
});

test("a runner holds the goals whose live lease it owns, not the ones whose lease ran out", async () => {
  await harness.apply("held-goal", calculatorSpec("/tmp"));
  await harness.apply("expired-goal", calculatorSpec("/tmp"));
  await harness.db.goal.update({
    where: { name: "held-goal" },
    data: { phase: "Running", currentIteration: 3, leaseOwner: "alive-one", leaseEpoch: 1, leaseExpiresAt: new Date(Date.now() + 300_000) },
  });
  await harness.db.goal.update({
    where: { name: "expired-goal" },
    data: { phase: "Paused", leaseOwner: "alive-one", leaseEpoch: 1, leaseExpiresAt: secondsAgo(1) },
  });

  const alive = (await listRunners(harness.db)).find((runner) => runner.id === "alive-one")!;
  assert.deepEqual(alive.held, [{ name: "held-goal", phase: "Running", iteration: 3 }]);
});

test("a real runner shows up alive holding the goal it works on, then stopped after it drains", async () => {
  const repo = await harness.sampleRepo();
  await harness.apply("worked", calculatorSpec(repo));
  const runner = await harness.startRunner(1);
  const holding = await harness.waitFor(
    "the runner to hold the goal",
    async () => {
      const found = (await listRunners(harness.db)).find((view) => view.id === runner.id);
      return found?.held.some((goal) => goal.name === "worked") ? found : null;
    },
    30_000,
  );
  assert.equal(holding.status, "alive");
  assert.equal(holding.slots, 1);

  await runner.drain(5000);
  const stopped = (await listRunners(harness.db)).find((view) => view.id === runner.id)!;
  assert.equal(stopped.status, "stopped");
  assert.deepEqual(stopped.held, [], "a drained runner gives its goals back");
});

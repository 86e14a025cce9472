import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const GOALS = 24;

test("several runner processes share many goals without doing any iteration twice", async () => {
  const repo = await harness.gitRepo("tiny", { "README.md": "tiny\n" });

  // An agent that changes nothing against a target it cannot meet: baseline + 2 iterations, then Stalled.
  for (let index = 0; index < GOALS; index++) {
    await harness.apply(`shared-${index}`, {
      intent: "never reachable",
      workspace: { repo, ref: "main" },
      agent: { executor: "command", command: "echo working" },
      metrics: [{ metric: "check.ok", target: "== 0" }],
      evaluation: { layers: [{ name: "check", run: "true", parse: "exit-code" }] },
      stop: { maxIterations: 5, stallIterations: 2 },
    });
  }
  const runners = [
    harness.spawnRunner({ SETPOINT_RUNNERS: "2" }),
    harness.spawnRunner({ SETPOINT_RUNNERS: "2" }),
    harness.spawnRunner({ SETPOINT_RUNNERS: "2" }),
  ];

  await harness.waitFor(
    "every goal to end",
    async () => {
      const ended = await harness.db.goal.count({ where: { name: { startsWith: "shared-" }, phase: "Stalled" } });
      return ended === GOALS;
    },
    180_000,
  );

  const goals = await harness.db.goal.findMany({ where: { name: { startsWith: "shared-" } }, include: { iterations: true } });
  for (const goal of goals) {
    assert.deepEqual(goal.iterations.map((row) => row.number).sort(), [0, 1, 2], `${goal.name} ran each iteration once`);
    const evaluated = await harness.db.event.count({ where: { goalId: goal.id, type: "IterationEvaluated" } });
    assert.equal(evaluated, 3, `${goal.name} evaluated each iteration once`);
  }
  const workers = new Set(goals.flatMap((goal) => goal.iterations.map((row) => row.runnerId)));
  assert.ok(workers.size >= 2, `the work was shared (${workers.size} runners took part)`);

  for (const runner of runners) runner.kill("SIGTERM");
  await Promise.all(runners.map((runner) => new Promise((resolve) => (runner.exitCode !== null ? resolve(null) : runner.once("exit", resolve)))));
});

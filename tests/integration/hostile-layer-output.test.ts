// A layer's output is the agent's to shape. Parsing it must not hold the runner: with two goals on one runner
// process, one whose layers print hostile output (a megabyte of "<!--" for parse: junit, a regex that
// backtracks for ever) must not delay the other's iterations or the runner's heartbeat.
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

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];

test("a layer with hostile output is cut off and says so, while the runner's other goal and its heartbeat carry on", async () => {
  const steadyRepo = await harness.sampleRepo("steady");
  const hostileRepo = await harness.sampleRepo("hostile");
  // A target it cannot meet: the steady goal iterates until its budget ends.
  await harness.apply("steady", {
    intent: "Keep going.",
    workspace: { repo: steadyRepo, ref: "main" },
    agent: { executor: "command", command: "echo working" },
    metrics: [{ metric: "check.exit_code", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "true" }] },
    stop: { maxIterations: 60, stallIterations: 60 },
  });
  const runner = harness.spawnRunner({ SETPOINT_RUNNERS: "2" });
  await harness.waitFor("the steady goal's first iterations", async () => (await harness.iterations("steady")).length >= 2, 90_000);

  await harness.apply("hostile", {
    intent: "Print what stalls a parser.",
    workspace: { repo: hostileRepo, ref: "main" },
    agent: { executor: "command", command: "echo working" },
    metrics: [
      { metric: "junit.pass_ratio", target: ">= 1" },
      { metric: "coverage.x", target: ">= 1" },
    ],
    evaluation: {
      layers: [
        { name: "junit", run: `node -e 'process.stdout.write("<!--".repeat(262144))'`, parse: "junit" },
        { name: "coverage", run: `node -e 'console.log("a".repeat(40) + "b")'`, parse: "regex", pattern: "^(?<x>a+)+$" },
      ],
    },
    stop: { maxIterations: 1 },
  });

  // While the hostile goal runs, watch how stale the runner's heartbeat gets and when the steady goal's
  // iterations finish.
  const hostileStarted = Date.now();
  let stalest = 0;
  const steadyFinishes = new Set<number>();
  await harness.waitFor(
    "the hostile goal to end",
    async () => {
      const row = await harness.db.runner.findFirstOrThrow({ where: { pid: runner.pid } });
      stalest = Math.max(stalest, Date.now() - row.heartbeatAt.getTime());
      assert.ok(stalest < 15_000, `the runner's heartbeat was ${Math.round(stalest / 1000)} s old`);
      for (const iteration of await harness.iterations("steady")) {
        if (iteration.finishedAt && iteration.finishedAt.getTime() >= hostileStarted) steadyFinishes.add(iteration.finishedAt.getTime());
      }
      return ENDED.includes((await harness.goal("hostile")).phase);
    },
    180_000,
  );
  const hostileTook = Date.now() - hostileStarted;

  const iterations = await harness.iterations("hostile");
  const layers = await harness.db.layerResult.findMany({ where: { iterationId: { in: iterations.map((row) => row.id) } } });
  const regex = layers.filter((layer) => layer.name === "coverage");
  const junit = layers.filter((layer) => layer.name === "junit");
  assert.equal(regex.length, iterations.length, "the regex layer ran at the baseline and in the iteration");
  for (const layer of regex) {
    assert.equal(layer.ok, false);
    assert.equal((layer.metrics as Record<string, number>)["coverage.x"], undefined, "nothing measured");
    assert.match(
      layer.log,
      /\n\[setpoint\] parse 'regex' was cut off: the pattern \/\^\(\?<x>a\+\)\+\$\/ was still matching after 2 s and was stopped .*; its metrics are left out and the layer fails$/,
    );
  }
  for (const layer of junit) {
    assert.equal(layer.ok, false);
    assert.match(layer.log, /\[setpoint\] parse 'junit' found nothing: no JUnit XML in the output/);
  }

  // The other goal went on: iterations kept finishing (and the heartbeat, every 5 s, never fell behind: above).
  const finishes = [hostileStarted, ...[...steadyFinishes].sort((a, b) => a - b), hostileStarted + hostileTook];
  const longestGap = Math.max(...finishes.slice(1).map((at, i) => at - finishes[i]));
  assert.ok(
    steadyFinishes.size >= 2,
    `the steady goal finished ${steadyFinishes.size} iterations in the ${Math.round(hostileTook / 1000)} s the hostile one ran`,
  );
  assert.ok(longestGap < 15_000, `the steady goal went ${Math.round(longestGap / 1000)} s without finishing an iteration`);
});

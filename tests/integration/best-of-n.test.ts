// Best of N through the real runner: candidates as units of work any runner claims, the best kept by measurement.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { AGENTS, exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const FAST_LEASE = { SETPOINT_LEASE_SECONDS: "3" };

async function valueSpec(name: string, env: Record<string, string>, strategy: Record<string, unknown>, stop: Record<string, unknown> = {}) {
  const repo = await harness.gitRepo(`repo-${name}`, { "value.txt": "0\n" });
  return {
    intent: "Make value.txt hold the answer.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: path.join(AGENTS, "candidate.sh"), env, timeoutSeconds: 120 },
    strategy,
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: 'test "$(cat value.txt)" = 42', parse: "exit-code" }] },
    stop: { maxIterations: 6, stallIterations: 2, ...stop },
  };
}

async function candidatesOf(name: string, number: number) {
  const goal = await harness.goal(name);
  const iteration = await harness.db.iteration.findUniqueOrThrow({ where: { goalId_number: { goalId: goal.id, number } } });
  return { iteration, candidates: await harness.db.candidate.findMany({ where: { iterationId: iteration.id }, orderBy: { number: "asc" } }) };
}

test("three candidates of which one fixes it converge in one iteration; the others are kept with why they lost", async () => {
  await harness.apply("three", await valueSpec("three", {}, { candidates: 3 }));
  const runner = await harness.startRunner(1);
  const ended = await harness.waitForPhase("three", ENDED, 90_000);
  await runner.drain();
  assert.equal(ended.phase, "Converged", ended.message);
  const rows = await harness.iterations("three");
  assert.deepEqual(
    rows.map((row) => row.number),
    [0, 1],
    "one iteration after the baseline",
  );
  const { iteration, candidates } = await candidatesOf("three", 1);
  assert.equal(iteration.candidates, 3);
  assert.equal(iteration.winner, 2);
  assert.equal(iteration.commit, candidates[1].commit, "the winner's commit is the iteration's");
  assert.deepEqual(iteration.metrics, candidates[1].metrics);
  assert.match(iteration.diff, /\+42/);
  assert.deepEqual(
    candidates.map((row) => [row.phase, row.winner, (row.metrics as Record<string, number>)["check.ok"]]),
    [
      ["Evaluated", false, 0],
      ["Evaluated", true, 1],
      ["Evaluated", false, 0],
    ],
  );
  assert.match(candidates[0].verdict ?? "", /0 of 1 targets met, against 1 for candidate 2/);
  assert.match(candidates[0].diff, /wrong 1/, "a losing candidate's diff is kept");
  assert.match(candidates[2].agentOutput, /candidate 3 wrote wrong 3/, "each candidate's command saw its own SETPOINT_CANDIDATE");
  const layers = await harness.db.layerResult.findMany({ where: { iterationId: iteration.id } });
  assert.deepEqual(
    layers.map((layer) => [layer.name, layer.ok]),
    [["check", true]],
  );
  const queued = await harness.db.event.findMany({ where: { goalId: ended.id, type: "CandidatesQueued" } });
  assert.equal(queued.length, 1);
  assert.match(queued[0].message, /iteration 1 runs 3 candidates/);
});

test("candidates run in parallel on two runner processes: the iteration takes about one candidate's time, not two", async () => {
  const runners = [harness.spawnRunner(), harness.spawnRunner()];
  // Both started before there is work: a process still starting cannot take a candidate.
  await harness.waitFor(
    "both runners to start",
    async () => (await harness.db.runner.count({ where: { pid: { in: runners.map((child) => child.pid!) }, stoppedAt: null } })) === 2,
  );
  await harness.apply("parallel", await valueSpec("parallel", { SLEEP_SECONDS: "8" }, { candidates: 2 }));
  const ended = await harness.waitForPhase("parallel", ENDED, 120_000);
  assert.equal(ended.phase, "Converged", ended.message);
  const { iteration, candidates } = await candidatesOf("parallel", 1);
  const wallMs = iteration.finishedAt!.getTime() - iteration.startedAt.getTime();
  assert.ok(wallMs < 14_000, `two 8 s candidates took ${wallMs} ms: they did not run side by side`);
  assert.notEqual(candidates[0].leaseOwner, candidates[1].leaseOwner, "each runner process tried one");
  for (const runner of runners) runner.kill("SIGTERM");
  await Promise.all(runners.map(exited));
});

test("a candidate whose runner is SIGKILLed mid-run is redone alone; its sibling's result stands", async () => {
  const marks = harness.writableDir("marks-kill");
  await harness.apply("kill", await valueSpec("kill", { MARK_DIR: marks, SLOW_CANDIDATE: "2", FIRST_SLEEP: "120" }, { candidates: 2 }));
  const runners = [harness.spawnRunner(FAST_LEASE), harness.spawnRunner(FAST_LEASE)];
  const running = await harness.waitFor(
    "candidate 2 to run",
    async () => {
      const goal = await harness.goal("kill");
      const rows = await harness.db.candidate.findMany({ where: { goalId: goal.id } });
      const slow = rows.find((row) => row.number === 2 && row.phase === "Running");
      const done = rows.find((row) => row.number === 1 && row.phase === "Evaluated");
      // Its agent has begun the slow first try (not a runner still making the worktree).
      return slow && done && fs.existsSync(path.join(marks, "tried")) ? { slow, done } : null;
    },
    90_000,
  );
  const victim = runners.find((child) => running.slow.leaseOwner?.includes(`-${child.pid}-`));
  assert.ok(victim, `the runner ${running.slow.leaseOwner} is one of ours`);
  victim.kill("SIGKILL");
  await exited(victim);
  runners.push(harness.spawnRunner(FAST_LEASE));
  const ended = await harness.waitForPhase("kill", ENDED, 150_000);
  assert.equal(ended.phase, "Converged", ended.message);
  const { iteration, candidates } = await candidatesOf("kill", 1);
  const said = JSON.stringify({
    iteration: [iteration.phase, iteration.winner, iteration.interruptions],
    candidates: candidates.map((row) => [row.number, row.phase, row.winner, row.interruptions, row.leaseOwner, row.agentError]),
  });
  assert.equal(candidates[1].interruptions, 1, `candidate 2 was redone once: ${said}`);
  assert.equal(candidates[0].interruptions, 0, "candidate 1 was not redone");
  assert.equal(candidates[0].finishedAt?.getTime(), running.done.finishedAt?.getTime(), "candidate 1's result stands as it was");
  assert.equal(candidates[1].winner, true, said);
  // No runner of this test may work on the next one's goals.
  const alive = runners.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const runner of alive) runner.kill("SIGTERM");
  await Promise.all(alive.map(exited));
});

test("onStall runs one candidate per iteration, escalates to N once where it would stall, then stalls", async () => {
  await harness.apply("escalate", await valueSpec("escalate", { FIX_CANDIDATE: "99" }, { candidates: 3, when: "onStall" }));
  const runner = await harness.startRunner(2);
  const ended = await harness.waitForPhase("escalate", ENDED, 120_000);
  await runner.drain();
  assert.equal(ended.phase, "Stalled", ended.message);
  const rows = (await harness.iterations("escalate")).filter((row) => row.number > 0);
  assert.deepEqual(
    rows.map((row) => row.candidates),
    [1, 1, 3],
    "two single tries, one escalation of three, then the stall",
  );
  const events = await harness.db.event.findMany({ where: { goalId: ended.id, type: "CandidatesQueued" } });
  assert.equal(events.length, 1);
  assert.match(events[0].message, /strategy.when: onStall/);
});

test("a cost budget that cannot afford N candidates runs as many as it can, and says so", async () => {
  const spec = await valueSpec("budget", {}, { candidates: 4 }, { maxCostUsd: 1.25, maxIterations: 10, stallIterations: 10 });
  // A stand-in for claude that prints claude's result object, costing $0.125 a run (exact in binary).
  spec.agent = { executor: "claude-code", command: path.join(AGENTS, "costly-claude.sh"), env: { COST_USD: "0.125" }, timeoutSeconds: 60 } as never;
  await harness.apply("budget", spec);
  const runner = await harness.startRunner(2);
  const ended = await harness.waitForPhase("budget", ENDED, 120_000);
  await runner.drain();
  assert.equal(ended.phase, "Exhausted", ended.message);
  assert.equal(ended.reason, "MaxCost");
  const rows = (await harness.iterations("budget")).filter((row) => row.number > 0);
  const candidates = await harness.db.candidate.findMany({ where: { goalId: ended.id }, orderBy: [{ createdAt: "asc" }, { number: "asc" }] });
  const said = JSON.stringify({
    iterations: rows.map((row) => [row.number, row.phase, row.candidates, row.costUsd]),
    candidates: candidates.map((row) => [row.number, row.phase, row.costUsd, row.agentError]),
  });
  // $0.50, $0.50, then $0.25 is left: two candidates at $0.125 each.
  assert.deepEqual(
    rows.map((row) => row.candidates),
    [4, 4, 2],
    said,
  );
  assert.equal(ended.costUsd, 1.25);
  const events = await harness.db.event.findMany({ where: { goalId: ended.id, type: "CandidatesQueued" }, orderBy: { id: "asc" } });
  assert.equal(events.length, 3);
  assert.match(events[2].message, /iteration 3 runs 2 candidates .*the cost budget affords 2 of 4 candidates \(\$0\.25 left, about \$0\.13 each\)/);
});

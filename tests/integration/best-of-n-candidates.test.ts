// Best of N, what a person sees and does: a gate on an iteration with candidates, where the person keeps
// another candidate than the automatic best; the candidates read (API, CLI table and JSON); and the
// insights count of wins when different agents compete. Candidate rows are seeded in real Postgres, as
// the runner writes them.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { countCandidateWins } from "../../server/insights/count-candidate-wins";
import { readCandidateDetails } from "../../server/iterations/read-candidates";
import { calculatorSpec, ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const BIN = path.join(ROOT, "bin/setpoint.mjs");
let harness: Harness;
let api: { url: string; token: string };

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

async function call(procedure: string, input: unknown): Promise<{ status: number; message: string; data: unknown }> {
  const response = await fetch(`${api.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  return { status: response.status, message: body.error?.message ?? "", data: body.result?.data };
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: harness.dir, env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const layer = (name: string, position: number, ok: boolean, metrics: Record<string, number>, log: string) => ({
  name,
  position,
  kind: name === "guard" ? "policy" : "run",
  ok,
  metrics,
  log,
  exitCode: name === "guard" ? null : ok ? 0 : 1,
  durationMs: 40,
  comments: null,
  hiddenFailed: null,
});

// Candidate k's results: 1 meets both targets (the automatic best), 2 improves on the baseline, 3 failed.
function candidateRows(iterationId: string, goalId: string) {
  const measured = (number: number, passRatio: number, model: string | null, lines: number) => ({
    iterationId,
    goalId,
    number,
    phase: "Evaluated",
    executor: "demo",
    model,
    fromCommit: "base000",
    commit: `cand${number}commit`,
    metrics: { "tests.pass_ratio": passRatio, "lint.ok": 1, "guard.ok": 1 },
    diff: `diff --git a/src/c${number}.js b/src/c${number}.js\n--- a/src/c${number}.js\n+++ b/src/c${number}.js\n@@ -1 +1 @@\n-old\n+candidate ${number}\n`,
    changedFiles: 1,
    changedLines: lines,
    costUsd: 0.1 * number,
    agentMs: 1000 * number,
    evalMs: 500,
    agentOutput: `candidate ${number} says done`,
    layers: [
      layer("tests", 0, passRatio === 1, { "tests.pass_ratio": passRatio }, `tests of candidate ${number}`),
      layer("lint", 1, true, { "lint.ok": 1 }, "lint ok"),
      layer("guard", 2, true, { "guard.ok": 1 }, ""),
    ],
    winner: number === 1,
    verdict: number === 1 ? "kept: meets 2 of 2 targets" : "lost: meets fewer targets than candidate 1",
    startedAt: new Date(),
    finishedAt: new Date(),
  });
  return [
    measured(1, 1, null, 4),
    measured(2, 0.8, "m-2", 2),
    {
      iterationId,
      goalId,
      number: 3,
      phase: "AgentFailed",
      executor: "demo",
      model: null,
      fromCommit: "base000",
      agentError: "the agent exited 1",
      verdict: "lost: its agent failed",
    },
  ];
}

// Goal `name` parked at the gate of iteration 1, which ran three candidates and holds candidate 1's results.
async function seedGate(name: string) {
  await harness.apply(
    name,
    calculatorSpec("/tmp", { approval: { policy: "every-iteration" }, strategy: { candidates: 3, executors: ["demo", { executor: "demo", model: "m-2" }] } }),
  );
  const goal = await harness.goal(name);
  const now = new Date();
  await harness.db.iteration.create({
    data: {
      goalId: goal.id,
      number: 0,
      generation: 1,
      phase: "Evaluated",
      commit: "base000",
      metrics: { "tests.pass_ratio": 0.5, "lint.ok": 1, "guard.ok": 1 },
      accepted: true,
      leaseEpoch: 1,
      finishedAt: now,
    },
  });
  const iteration = await harness.db.iteration.create({
    data: {
      goalId: goal.id,
      number: 1,
      generation: 1,
      phase: "Evaluated",
      fromIteration: 0,
      fromCommit: "base000",
      commit: "cand1commit",
      metrics: { "tests.pass_ratio": 1, "lint.ok": 1, "guard.ok": 1 },
      diff: "candidate 1 diff",
      agentOutput: "candidate 1 says done",
      executor: "demo",
      approval: "pending",
      approvalRequestedAt: now,
      leaseEpoch: 1,
      finishedAt: now,
      candidates: 3,
      winner: 1,
      costUsd: 0.3,
      layers: {
        create: [
          layer("tests", 0, true, { "tests.pass_ratio": 1 }, "tests of candidate 1"),
          layer("lint", 1, true, { "lint.ok": 1 }, "lint ok"),
          layer("guard", 2, true, { "guard.ok": 1 }, ""),
        ],
      },
    },
  });
  for (const row of candidateRows(iteration.id, goal.id)) await harness.db.candidate.create({ data: row });
  await harness.db.goal.update({
    where: { id: goal.id },
    data: { phase: "AwaitingApproval", reason: "ApprovalRequired", heldSince: now, acceptedCommit: "base000" },
  });
  return { goal, iteration };
}

test("at the gate a person keeps candidate 2 with a comment: the iteration takes its commit, metrics and layers, and the judge accepts it", async () => {
  const { goal, iteration } = await seedGate("pick-two");

  // An unknown candidate, a failed one and a number that cannot be one are refused, naming `candidate`, and change nothing.
  for (const [procedure, input, pattern] of [
    ["goals.approve", { name: "pick-two", iteration: 1, candidate: 7 }, /candidate: iteration 1 has no candidate 7; measured ones: 1, 2/],
    ["goals.approve", { name: "pick-two", iteration: 1, candidate: 3 }, /candidate: candidate 3 was not measured \(AgentFailed\)/],
    ["goals.approve", { name: "pick-two", iteration: 1, candidate: 0 }, /candidate/],
  ] as const) {
    const refused = await call(procedure, input);
    assert.equal(refused.status, 400, JSON.stringify(input));
    assert.match(refused.message, pattern);
  }
  const untouched = await harness.db.iteration.findUniqueOrThrow({ where: { id: iteration.id } });
  assert.deepEqual([untouched.approval, untouched.commit, untouched.winner], ["pending", "cand1commit", 1]);

  const approved = await call("goals.approve", { name: "pick-two", iteration: 1, candidate: 2, comment: "smaller change, and I trust m-2 here" });
  assert.equal(approved.status, 200, approved.message);
  assert.deepEqual((approved.data as { winner: number }).winner, 2);

  const row = await harness.db.iteration.findUniqueOrThrow({ where: { id: iteration.id }, include: { layers: { orderBy: { position: "asc" } } } });
  assert.equal(row.commit, "cand2commit");
  assert.deepEqual(row.metrics, { "tests.pass_ratio": 0.8, "lint.ok": 1, "guard.ok": 1 });
  assert.match(row.diff, /candidate 2/);
  assert.equal(row.agentOutput, "candidate 2 says done");
  assert.equal(row.model, "m-2");
  assert.equal(row.winner, 2);
  assert.deepEqual(
    row.layers.map((result) => [result.name, result.ok, result.log]),
    [
      ["tests", false, "tests of candidate 2"],
      ["lint", true, "lint ok"],
      ["guard", true, ""],
    ],
  );
  assert.deepEqual([row.approval, row.approvedBy, row.accepted], ["approved", "tester", true], "the judge accepted the picked candidate's measurements");
  const after = await harness.goal("pick-two");
  assert.equal(after.acceptedCommit, "cand2commit", "the loop goes on from the picked commit");
  assert.equal(after.phase, "Queued");

  const candidates = await harness.db.candidate.findMany({ where: { iterationId: iteration.id }, orderBy: { number: "asc" } });
  assert.deepEqual(
    candidates.map((candidate) => candidate.winner),
    [false, true, false],
  );
  assert.equal(candidates[1].verdict, "picked by tester: smaller change, and I trust m-2 here");
  assert.equal(candidates[0].verdict, "kept: meets 2 of 2 targets", "the others keep their own records");
  assert.equal(goal.id, after.id);
});

test("a kept candidate worse than the best so far is judged as such: a regression, not built on", async () => {
  const { iteration } = await seedGate("pick-worse");
  await harness.db.candidate.update({
    where: { iterationId_number: { iterationId: iteration.id, number: 2 } },
    data: { metrics: { "tests.pass_ratio": 0.3, "lint.ok": 1, "guard.ok": 1 } },
  });
  const approved = await call("goals.approve", { name: "pick-worse", iteration: 1, candidate: 2, comment: "try the other approach" });
  assert.equal(approved.status, 200, approved.message);
  const row = await harness.db.iteration.findUniqueOrThrow({ where: { id: iteration.id } });
  assert.deepEqual([row.commit, row.winner, row.regression, row.accepted], ["cand2commit", 2, true, false]);
  assert.equal((await harness.goal("pick-worse")).acceptedCommit, "base000", "the loop goes on from the best commit, as after any regression");
});

test("the candidates read side by side: the API, `get candidates` as a table and as JSON, `get iterations -o json`, the iteration page's read", async () => {
  await seedGate("read-them");

  const table = await cli(["get", "candidates", "read-them", "--iteration", "1"]);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trim().split("\n");
  assert.match(lines[0], /^CANDIDATE\s+EXECUTOR\s+PHASE\s+TARGETS\s+METRICS\s+LINES\s+COST\s+DURATION\s+WINNER\s+WHY/);
  assert.match(lines[1], /^1\s+demo\s+Evaluated\s+2\/2\s+tests\.pass_ratio=1 lint\.ok=1\s+4\s+\$0\.10\s+1s\s+yes\s+kept: meets 2 of 2 targets/);
  assert.match(lines[2], /^2\s+demo\/m-2\s+Evaluated\s+1\/2\s+tests\.pass_ratio=0\.8 lint\.ok=1\s+2\s+\$0\.20\s+2s\s+lost: meets fewer/);
  assert.match(lines[3], /^3\s+demo\s+AgentFailed\s+0\/2/);

  const json = await cli(["get", "candidates", "read-them", "--iteration", "1", "-o", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const read = JSON.parse(json.stdout);
  assert.equal(read.winner, 1);
  assert.deepEqual(
    read.candidates.map((candidate: { number: number; winner: boolean; targetsMet: number; durationMs: number }) => [
      candidate.number,
      candidate.winner,
      candidate.targetsMet,
      candidate.durationMs,
    ]),
    [
      [1, true, 2, 1500],
      [2, false, 1, 2500],
      [3, false, 0, 0],
    ],
  );

  const iterations = JSON.parse((await cli(["get", "iterations", "read-them", "-o", "json"])).stdout);
  assert.deepEqual(
    iterations.map((row: { number: number; candidates: number; winner: number | null }) => [row.number, row.candidates, row.winner]),
    [
      [0, 1, null],
      [1, 3, 1],
    ],
  );

  const missing = await cli(["get", "candidates", "read-them", "--iteration", "9"]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /goal 'read-them' has no iteration 9/);
  const noIteration = await cli(["get", "candidates", "read-them"]);
  assert.match(noIteration.stderr, /--iteration <number> is required/);
  assert.match(
    (await cli(["get", "candidates", "read-them", "--iteration", "0"])).stdout,
    /Iteration 0 of read-them is the baseline: it measured the starting point and ran no agent/,
  );

  const details = await readCandidateDetails(harness.db, "read-them", 1);
  assert.deepEqual(
    details?.candidates[1].layers.map((result) => result.log),
    ["tests of candidate 2", "lint ok", ""],
  );
  assert.match(details!.candidates[1].diff, /\+candidate 2/);
});

test("insights count, per executor and model, the iterations where different agents competed and which won", async () => {
  const { goal } = await seedGate("wins");
  const now = new Date();
  // Same maker only: not a competition; one candidate: not either.
  const sameMaker = await harness.db.iteration.create({
    data: { goalId: goal.id, number: 2, generation: 1, phase: "Evaluated", leaseEpoch: 1, finishedAt: now, candidates: 2, winner: 2 },
  });
  for (const number of [1, 2])
    await harness.db.candidate.create({
      data: {
        iterationId: sameMaker.id,
        goalId: goal.id,
        number,
        phase: "Evaluated",
        executor: "codex",
        model: "gpt-x",
        fromCommit: "a",
        winner: number === 2,
      },
    });
  await harness.db.iteration.create({
    data: { goalId: goal.id, number: 3, generation: 1, phase: "Evaluated", leaseEpoch: 1, finishedAt: now, executor: "claude-code" },
  });

  // The database holds this file's gates: pick-two kept candidate 2, read-them candidate 1, wins (so far) candidate 1.
  // Also pick-worse: candidate 2 kept.
  const count = async () => (await countCandidateWins(harness.db)).map((row) => [row.executor, row.model, row.competed, row.won]);
  assert.deepEqual(
    await count(),
    [
      ["demo", null, 4, 2],
      ["demo", "m-2", 4, 2],
    ],
    "one maker's candidates (codex twice) do not compete, nor does a single agent",
  );

  // Kept from the CLI this time.
  const approved = await cli(["approve", "wins", "--candidate", "2", "--comment", "m-2 it is"]);
  assert.equal(approved.code, 0, approved.stderr);
  assert.equal(approved.stdout.trim(), "goal.setpoint.dev/wins iteration 1 approved with candidate 2");
  assert.deepEqual(
    await count(),
    [
      ["demo", "m-2", 4, 3],
      ["demo", null, 4, 1],
    ],
    "the pick moves the win",
  );
  const rates = (await countCandidateWins(harness.db)).map((row) => Math.round(row.rate * 100));
  assert.deepEqual(rates, [75, 25]);

  // /insights reads the same over its period, and `setpoint stats` prints it.
  const insights = await (
    await fetch(`${api.url}/api/trpc/insights.read?input=${encodeURIComponent(JSON.stringify({ days: 1 }))}`, {
      headers: { authorization: `Bearer ${api.token}` },
    })
  ).json();
  assert.deepEqual(
    (insights.result.data as { candidateWins: { model: string | null; won: number }[] }).candidateWins.map((row) => [row.model, row.won]),
    [
      ["m-2", 3],
      [null, 1],
    ],
  );
  const stats = await cli(["stats", "--days", "1"]);
  assert.equal(stats.code, 0, stats.stderr);
  assert.match(
    stats.stdout,
    /Wins when candidates of different agents competed \(best of N\):\nEXECUTOR\s+MODEL\s+COMPETED\s+WON\ndemo\s+m-2\s+4\s+3 \(75%\)\ndemo\s+-\s+4\s+1 \(25%\)/,
  );

  const period = { since: new Date(now.getTime() + 3_600_000), until: new Date(now.getTime() + 7_200_000) };
  assert.deepEqual(await countCandidateWins(harness.db, period), [], "a period with no competing iteration counts none");
});

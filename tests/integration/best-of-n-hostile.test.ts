// Best of N against hostile candidates and bad timing (found by an attacker): a candidate never sees a sibling's
// hidden checks, a candidate measured under an older spec is tried again under the new one, and a goal cancelled
// while its holder was gone starts no more candidates.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { AGENTS, exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];

async function candidateRows(name: string) {
  const goal = await harness.goal(name);
  return harness.db.candidate.findMany({ where: { goalId: goal.id }, orderBy: [{ createdAt: "asc" }, { number: "asc" }] });
}

test("no candidate's agent runs while a sibling's worktree holds the hidden checks, so none can copy them", async () => {
  const hidden = fs.mkdtempSync(path.join(harness.dir, "hidden-"));
  fs.writeFileSync(path.join(hidden, "check.sh"), '# ANSWER=4242\nsleep 1\ntest "$(cat value.txt)" = 4242\n');
  fs.chmodSync(hidden, 0o700); // the runner's only
  const repo = await harness.gitRepo("repo-peek", { "value.txt": "0\n" });
  // Candidate 1 thinks 3 s and writes a wrong answer; candidate 2 watches candidate 1's worktree for the hidden checks.
  await harness.apply("peek", {
    intent: "Make value.txt hold the answer.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: path.join(AGENTS, "candidate-peeks.sh"), timeoutSeconds: 60 },
    strategy: { candidates: 2 },
    metrics: [{ metric: "secret.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "secret", run: "sh hidden/check.sh", parse: "exit-code", hidden: { from: hidden, to: "hidden" } }] },
    stop: { maxIterations: 1, stallIterations: 1 },
  });
  const runner = await harness.startRunner(2);
  const ended = await harness.waitForPhase("peek", ENDED, 120_000);
  await runner.drain();
  const rows = await candidateRows("peek");
  const said = JSON.stringify(rows.map((row) => [row.number, row.phase, row.agentOutput.slice(-300)]));
  assert.doesNotMatch(rows[1].agentOutput, /LEAKED/, `candidate 2 read candidate 1's hidden checks: ${said}`);
  assert.match(rows[1].agentOutput, /never saw the sibling's hidden checks/, said);
  assert.notEqual(ended.phase, "Converged", "no candidate knew the answer");
});

test("a candidate measured before the spec changed is tried again when its interrupted iteration is redone", async () => {
  const spec = (check: string, sleep2: string) => ({
    intent: "Make value.txt hold the answer, 42.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: path.join(AGENTS, "candidate-cheats-first.sh"), env: { SLEEP2: sleep2 }, timeoutSeconds: 120 },
    strategy: { candidates: 2 },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: check, parse: "exit-code" }] },
    stop: { maxIterations: 2, stallIterations: 2 },
  });
  const repo = await harness.gitRepo("repo-stale", { "value.txt": "0\n" });
  // v1's check is weak: candidate 1's "cheat" passes it.
  await harness.apply("stale", spec("! grep -qx 0 value.txt", "60"));
  const first = await harness.startRunner(2);
  await harness.waitFor("candidate 1 measured while candidate 2 runs", async () => {
    const rows = await candidateRows("stale");
    return rows.some((row) => row.number === 1 && row.phase === "Evaluated") && rows.some((row) => row.number === 2 && row.phase === "Running");
  });
  // v2, the real check, applied mid-run; then the runner restarts (a deploy), interrupting iteration 1.
  await harness.apply("stale", spec('test "$(cat value.txt)" = 42', "0"));
  await first.drain(500);
  const second = await harness.startRunner(2);
  const ended = await harness.waitForPhase("stale", ENDED, 120_000);
  await second.drain();
  const iterations = await harness.iterations("stale");
  assert.notEqual(
    ended.phase,
    "Converged",
    `converged on "cheat" under the spec that asks for 42: ${JSON.stringify(iterations.map((row) => [row.number, row.phase, row.generation, row.metrics]))}`,
  );
  const goal = await harness.goal("stale");
  assert.equal(await harness.db.certificate.count({ where: { goalId: goal.id } }), 0, "no certificate");
});

test("a goal cancelled while its holder was gone starts no more candidates on any runner", async () => {
  const marks = harness.writableDir("marks-cancel");
  const repo = await harness.gitRepo("repo-cancel", { "value.txt": "0\n" });
  await harness.apply("cancel", {
    intent: "Make value.txt hold 42.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: path.join(AGENTS, "candidate-marks.sh"), env: { MARK: marks, SLEEP: "4" }, timeoutSeconds: 60 },
    strategy: { candidates: 4 },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: 'test "$(cat value.txt)" = 42', parse: "exit-code" }] },
    stop: { maxIterations: 2, stallIterations: 2 },
  });
  const holder = harness.spawnRunner({ SETPOINT_LEASE_SECONDS: "3" });
  await harness.waitFor("a candidate to start", async () => fs.readdirSync(marks).some((file) => file.startsWith("start-")));
  holder.kill("SIGKILL");
  await exited(holder);
  await new Promise((resolve) => setTimeout(resolve, 4000)); // its leases expire
  await controlGoal(harness.db, "cancel", "cancel", "test");
  const cancelledAt = Date.now();
  const other = await harness.startRunner(1);
  await new Promise((resolve) => setTimeout(resolve, 8000));
  await other.drain(1000);
  const startedAfter = fs.readdirSync(marks).filter((file) => file.startsWith("start-") && Number(file.split("-")[2]) / 1e6 > cancelledAt);
  assert.deepEqual(startedAfter, [], "no agent of the cancelled goal started after the cancel");
  assert.equal((await harness.goal("cancel")).phase, "Cancelled");
});

// A write whose commit happened but whose reply was lost (the connection dropped right after Postgres committed)
// is retried by the runner; the retry meets its own rows. It must count as done, once, and not as the goal's
// error; a row of another lease holder must still refuse it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { createDb, type Db } from "../../server/db/client";
import { claimNextGoal } from "../../server/queue/claim-next-goal";
import { LeaseLostError, type Lease } from "../../server/queue/lease";
import { Runner } from "../../server/runner/runner";
import { noMask } from "../../server/secrets/mask-secrets";
import { type Evaluated, recordAgentFailed, recordEvaluated, recordInterrupted, recordStarted } from "../../server/runner/record-iteration";
import { loadGoalState } from "../../server/runner/load-goal-state";
import { recordResync, recordResyncFailed } from "../../server/runner/record-resync";
import { recordCandidatesPlan } from "../../server/runner/run-candidates";
import { fenced } from "../../server/queue/lease";
import type { RunnerContext } from "../../server/runner/runner-context";
import { failedAgent } from "../helpers/failed-agent";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";
import { type LossyProxy, startLossyProxy } from "../helpers/lossy-proxy";

let harness: Harness;
let proxy: LossyProxy;
let proxied: { db: Db; pool: { end(): Promise<void> } };
before(async () => {
  harness = await startHarness();
  proxy = await startLossyProxy(harness.url, Number(process.env.SETPOINT_TEST_PROXY_PORT ?? 0));
  proxied = createDb(proxy.url, 2, { namedStatements: true }); // as a runner's
});
after(async () => {
  await proxied.db.$disconnect();
  await proxied.pool.end().catch(() => {});
  await proxy.close();
  await harness.close();
});

const FROM = "0".repeat(40);

// A runner whose statements go through the proxy (its LISTEN connection does not).
async function proxiedRunner(workDir: string, log: (line: string) => void = () => {}): Promise<Runner> {
  const runner = new Runner({ db: proxied.db, databaseUrl: harness.url, slots: 1, workDir, pollMs: 100, log });
  await runner.start();
  return runner;
}

// A goal claimed by `runner` with its iteration 0 started, through the proxy.
async function startedIteration(name: string, runner = "runner-a"): Promise<{ lease: Lease; iterationId: string }> {
  await harness.apply(name, calculatorSpec("/nowhere"));
  const claimed = await claimNextGoal(harness.db, runner);
  assert.ok(claimed);
  const start = { number: 0, generation: 1, fromIteration: null, fromCommit: FROM, runnerId: runner, prompt: "", agent: null };
  const { id } = await recordStarted(proxied.db, claimed.lease, start, noMask);
  return { lease: claimed.lease, iterationId: id };
}

function evaluated(iterationId: string): Evaluated {
  const layer = { name: "tests", kind: "run" as const, ok: true, metrics: { "tests.pass_ratio": 1 }, log: "ok", exitCode: 0, durationMs: 1, comments: null };
  return {
    iterationId,
    number: 0,
    commit: FROM,
    diff: "",
    changedFiles: 0,
    agent: null,
    evaluation: { metrics: { "tests.pass_ratio": 1 }, layers: [layer], policyOk: true },
    verdict: { regression: false, accepted: true, awaitsApproval: false, publish: false, bestIteration: 0, acceptedCommit: FROM },
    evalMs: 1,
    costUsd: 0.25,
    liveWritten: false,
  };
}

const agentFailure = failedAgent(0.5);

async function outcomes(goalId: string): Promise<number> {
  return harness.db.event.count({ where: { goalId, type: { in: ["IterationEvaluated", "AgentFailed"] } } });
}

// The tests with a runner come first, while no other test's goal is there for it to take over.
test("a runner whose iteration's result lost its reply goes on: the goal converges with no error charged", async () => {
  const repo = await harness.sampleRepo();
  await harness.apply("runner-lost-reply", calculatorSpec(repo));
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "IterationEvaluated");
  const runner = await proxiedRunner(harness.workDir);
  try {
    await harness.waitFor("the baseline's reply to be lost", async () => proxy.cuts === cutsBefore + 1);
    // Then the reply to the COMMIT of the convergence's transaction, which issues the certificate.
    proxy.lose("reply", '"Certificate"', "COMMIT");
    const goal = await harness.waitForPhase("runner-lost-reply", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
    assert.equal(goal.phase, "Converged", `${goal.reason}: ${goal.message}`);
    await harness.waitFor("the lease let go", async () => (await harness.goal("runner-lost-reply")).leaseOwner === null);
    assert.equal(proxy.cuts, cutsBefore + 2, "the convergence's COMMIT reply was lost for real");
    const events = await harness.db.event.findMany({ where: { goalId: goal.id }, orderBy: { id: "asc" } });
    assert.deepEqual(
      events.filter((event) => event.type === "RunnerError" || event.type === "IterationInterrupted").map((event) => event.message),
      [],
      "no error charged, nothing redone",
    );
    const iterations = await harness.iterations("runner-lost-reply");
    assert.ok(iterations.every((row) => row.phase === "Evaluated"));
    assert.deepEqual(
      events.filter((event) => event.type === "IterationEvaluated").map((event) => (event.data as { iteration: number }).iteration),
      iterations.map((row) => row.number),
      "one outcome per iteration",
    );
    assert.equal(events.filter((event) => event.type === "Converged").length, 1, "converged once");
    assert.equal(await harness.db.certificate.count({ where: { goalId: goal.id } }), 1, "one certificate, none reissued");
  } finally {
    await runner.drain(1000);
  }
});

test("a converged goal's lease release whose connection dropped is sent again: the goal is not left held", async () => {
  const repo = await harness.sampleRepo("lost-release");
  await harness.apply("lost-release", calculatorSpec(repo));
  const cutsBefore = proxy.cuts;
  proxy.lose("request", '"leaseOwner" = NULL, "leaseExpiresAt" = NULL');
  const runner = await proxiedRunner(harness.workDir);
  try {
    await harness.waitForPhase("lost-release", ["Converged"], 120_000);
    // Well within the 30 s lease: the release was retried, not left to run out.
    const goal = await harness.waitFor(
      "the lease let go",
      async () => {
        const goal = await harness.goal("lost-release");
        return goal.leaseOwner === null ? goal : null;
      },
      10_000,
    );
    assert.equal(proxy.cuts, cutsBefore + 1, "the release's connection was cut for real");
    assert.equal(goal.leaseExpiresAt, null);
  } finally {
    await runner.drain(1000);
  }
});

test("a runner error whose COMMIT's reply was lost counts once towards failing the goal", async () => {
  const repo = await harness.sampleRepo("lost-runner-error");
  // A work folder that is a file: the worktree cannot be made, an unexpected error (server/runner/reconcile-goal.ts).
  const blocked = path.join(harness.dir, "not-a-folder");
  fs.writeFileSync(blocked, "");
  await harness.apply("lost-runner-error", calculatorSpec(repo));
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "RunnerError", "COMMIT");
  const runner = await proxiedRunner(blocked);
  try {
    const goal = await harness.waitFor("the error recorded and the lease let go", async () => {
      const goal = await harness.goal("lost-runner-error");
      return goal.reason === "RunnerError" && goal.leaseOwner === null ? goal : null;
    });
    assert.equal(proxy.cuts, cutsBefore + 1, "the reply was lost for real");
    assert.equal(goal.phase, "Queued", goal.message);
    assert.equal(await harness.db.event.count({ where: { goalId: goal.id, type: "RunnerError" } }), 1);
    assert.equal((await harness.iterations("lost-runner-error"))[0].interruptions, 1);
  } finally {
    await runner.drain(1000);
  }
});

test("a park whose COMMIT's reply was lost is not taken for a lease lost to another runner", async () => {
  const repo = await harness.sampleRepo("lost-park");
  // A target no iteration meets, one iteration allowed: the goal is parked Exhausted after it.
  const spec = calculatorSpec(repo, { metrics: [{ metric: "lint.ok", target: "== 2" }], stop: { maxIterations: 1, stallIterations: 3 } });
  await harness.apply("lost-park", spec);
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "MaxIterations", "COMMIT");
  const lines: string[] = [];
  const runner = await proxiedRunner(harness.workDir, (line) => lines.push(line));
  try {
    await harness.waitForPhase("lost-park", ["Exhausted", "Failed", "Converged", "Stalled"], 120_000);
  } finally {
    // Its slot ends once the park's retry has been answered.
    await runner.drain(5000);
  }
  const goal = await harness.goal("lost-park");
  assert.equal(goal.phase, "Exhausted", `${goal.reason}: ${goal.message}`);
  assert.equal(proxy.cuts, cutsBefore + 1, "the park's COMMIT reply was lost for real");
  assert.equal(goal.leaseOwner, null);
  assert.deepEqual(
    lines.filter((line) => /lost to another runner|lost the database/.test(line)),
    [],
  );
  assert.equal(await harness.db.event.count({ where: { goalId: goal.id, type: { in: ["RunnerError", "Exhausted"] } } }), 1, "parked once, nothing charged");
});

test("an iteration's result whose reply was lost after Postgres committed it is recorded once, and the retry succeeds", async () => {
  const { lease, iterationId } = await startedIteration("lost-evaluated");
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "IterationEvaluated");
  // The runner's own call (one fenced statement): it must resolve, since an error here is charged to the goal.
  await recordEvaluated(proxied.db, lease, evaluated(iterationId), noMask);
  assert.equal(proxy.cuts, cutsBefore + 1, "the reply was lost for real");

  const [row] = await harness.iterations("lost-evaluated");
  assert.equal(row.phase, "Evaluated");
  assert.equal(await outcomes(lease.goalId), 1, "one outcome event");
  assert.equal(await harness.db.layerResult.count({ where: { iterationId } }), 1, "one row per layer");
  const goal = await harness.goal("lost-evaluated");
  assert.equal(goal.costUsd, 0.25, "the cost is counted once");
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "IterationStarted" } }), 1);
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "RunnerError" } }), 0);
});

test("an agent failure whose COMMIT's reply was lost is recorded once, and the retry succeeds", async () => {
  const { lease, iterationId } = await startedIteration("lost-agent-failed");
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "COMMIT");
  // A fenced transaction: Postgres committed it, the runner never heard.
  await recordAgentFailed(proxied.db, lease, iterationId, 0, agentFailure, noMask);
  assert.equal(proxy.cuts, cutsBefore + 1, "the COMMIT's reply was lost for real");

  const [row] = await harness.iterations("lost-agent-failed");
  assert.equal(row.phase, "AgentFailed");
  assert.equal(await outcomes(lease.goalId), 1);
  assert.equal((await harness.goal("lost-agent-failed")).costUsd, 0.5, "the cost is counted once");
});

test("an interruption whose COMMIT's reply was lost is counted and said once", async () => {
  const { lease, iterationId } = await startedIteration("lost-interrupted");
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "COMMIT");
  await recordInterrupted(proxied.db, lease, iterationId, 0, "cancelled", noMask);
  assert.equal(proxy.cuts, cutsBefore + 1);
  const [row] = await harness.iterations("lost-interrupted");
  assert.deepEqual([row.phase, row.interruptions], ["Interrupted", 1]);
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "IterationInterrupted" } }), 1);
});

test("a lost reply on an iteration's start writes one row and one start event", async () => {
  await harness.apply("lost-started", calculatorSpec("/nowhere"));
  const claimed = await claimNextGoal(harness.db, "runner-a");
  assert.ok(claimed);
  const start = { number: 0, generation: 1, fromIteration: null, fromCommit: FROM, runnerId: "runner-a", prompt: "", agent: null };
  proxy.lose("reply", "IterationStarted");
  const cutsBefore = proxy.cuts;
  const { id } = await recordStarted(proxied.db, claimed.lease, start, noMask);
  assert.equal(proxy.cuts, cutsBefore + 1);
  const rows = await harness.iterations("lost-started");
  assert.deepEqual(
    rows.map((row) => [row.id, row.phase]),
    [[id, "Running"]],
  );
  assert.equal(await harness.db.event.count({ where: { goalId: claimed.lease.goalId, type: "IterationStarted" } }), 1);
});

// A converged goal claimed for its resync by runner-a, through the proxy.
async function convergedAndClaimed(name: string): Promise<{ lease: Lease; ctx: RunnerContext }> {
  await harness.apply(name, calculatorSpec("/nowhere"));
  const claimed = await claimNextGoal(harness.db, "runner-a");
  assert.ok(claimed);
  await harness.db.goal.update({ where: { id: claimed.lease.goalId }, data: { phase: "Converged", acceptedCommit: FROM } });
  return { lease: claimed.lease, ctx: { db: proxied.db, runnerId: "runner-a" } as RunnerContext };
}

test("a resync whose COMMIT's reply was lost says once that the targets hold", async () => {
  const { lease, ctx } = await convergedAndClaimed("lost-resynced");
  const startedAt = new Date();
  const state = await loadGoalState(harness.db, lease.goalId);
  const metrics = { "tests.pass_ratio": 1, "lint.ok": 1 };
  const measurement = { commit: FROM, evaluation: { metrics, layers: [], policyOk: true }, setupFailure: null, startedAt, evalMs: 1 };
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "Resynced", "COMMIT");
  await recordResync(ctx, lease, state, measurement);
  assert.equal(proxy.cuts, cutsBefore + 1, "the COMMIT's reply was lost for real");
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "Resynced" } }), 1);
  // The next resync, under its own lease, is said again, though the last record's time is ahead of this runner's
  // clock (another runner's clock runs fast).
  const next = { ...lease, epoch: lease.epoch + 1 };
  await harness.db.goal.update({ where: { id: lease.goalId }, data: { leaseEpoch: next.epoch, lastResyncAt: new Date(Date.now() + 60_000) } });
  await recordResync(ctx, next, state, { ...measurement, startedAt: new Date() });
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "Resynced" } }), 2);
});

test("a failed resync whose COMMIT's reply was lost is said once", async () => {
  const { lease, ctx } = await convergedAndClaimed("lost-resync-failed");
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "ResyncFailed", "COMMIT");
  await recordResyncFailed(ctx, lease, "the repository is gone");
  assert.equal(proxy.cuts, cutsBefore + 1, "the COMMIT's reply was lost for real");
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "ResyncFailed" } }), 1);
});

test("a best-of-N plan whose COMMIT's reply was lost is said once", async () => {
  const { lease } = await startedIteration("lost-candidates-plan");
  const plan = { number: 1, candidates: 3 };
  const makers = [{ executor: "demo" }] as Parameters<typeof recordCandidatesPlan>[4];
  const cutsBefore = proxy.cuts;
  proxy.lose("reply", "CandidatesQueued", "COMMIT");
  await fenced(proxied.db, lease, (tx) => recordCandidatesPlan(tx, lease, "runner-a", plan, makers));
  assert.equal(proxy.cuts, cutsBefore + 1, "the COMMIT's reply was lost for real");
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "CandidatesQueued" } }), 1);
  // Another iteration's plan is said, and the same plan under another lease (a re-run that redoes the iteration).
  await fenced(proxied.db, lease, (tx) => recordCandidatesPlan(tx, lease, "runner-a", { ...plan, number: 2 }, makers));
  const next = { ...lease, epoch: lease.epoch + 1 };
  await harness.db.goal.update({ where: { id: lease.goalId }, data: { leaseEpoch: next.epoch } });
  await fenced(proxied.db, next, (tx) => recordCandidatesPlan(tx, next, "runner-a", { ...plan, number: 2 }, makers));
  assert.equal(await harness.db.event.count({ where: { goalId: lease.goalId, type: "CandidatesQueued" } }), 3);
});

test("after a lost connection, fencing still refuses a write once another runner holds the lease, and another holder's outcome", async () => {
  const { lease: first, iterationId } = await startedIteration("taken-over", "runner-a");
  await recordEvaluated(proxied.db, first, evaluated(iterationId), noMask);
  // runner-a is presumed dead: its lease ends and runner-b takes the goal (a new epoch).
  await harness.db.goal.update({ where: { id: first.goalId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
  const claimed = await claimNextGoal(harness.db, "runner-b");
  assert.equal(claimed?.lease.goalId, first.goalId);
  const second = (claimed as { lease: Lease }).lease;
  assert.ok(second.epoch > first.epoch);

  // runner-a wakes and writes again; its connection drops on the way and the retry meets the new holder's fence.
  const cutsBefore = proxy.cuts;
  proxy.lose("request", "FOR UPDATE");
  await assert.rejects(recordAgentFailed(proxied.db, first, iterationId, 0, agentFailure, noMask), LeaseLostError);
  // The new holder's retry meets an outcome that runner-a's epoch wrote: not its own, so still refused.
  proxy.lose("request", "IterationEvaluated");
  await assert.rejects(
    recordEvaluated(proxied.db, second, evaluated(iterationId), noMask),
    /Unique constraint|23505|Event_goalId_iteration_outcome_key|LayerResult_iterationId_name_key/,
  );
  assert.equal(proxy.cuts, cutsBefore + 2, "both connections were cut for real");
  assert.equal(await outcomes(first.goalId), 1);
  assert.equal((await harness.goal("taken-over")).costUsd, 0.25);
});

// A spec applied while a goal runs (no new run: it had not ended) makes the measurements before it, and any
// approval of them, judgements of an older generation: the commit is measured again before it may converge.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decide } from "../../server/loop/decide";
import type { History, IterationRecord } from "../../server/loop/types";
import { goalSpecSchema, type GoalSpecInput } from "../../server/spec/goal-spec";

const T0 = Date.UTC(2026, 0, 1);

function spec(approval: GoalSpecInput["approval"] = { policy: "never" }) {
  return goalSpecSchema.parse({
    intent: "make every test pass",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "demo" },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: { layers: [{ name: "tests", run: "npm test", parse: "tap" }] },
    approval,
  });
}

function record(number: number, passRatio: number, generation: number, extra: Partial<IterationRecord> = {}): IterationRecord {
  return {
    number,
    outcome: "Evaluated",
    fromIteration: number === 0 ? null : number - 1,
    fromCommit: number === 0 ? null : `c${number - 1}`,
    commit: `c${number}`,
    metrics: { "tests.pass_ratio": passRatio },
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: T0 + number * 60_000,
    generation,
    ...extra,
  };
}

function history(iterations: IterationRecord[], generation: number): History {
  return { iterations, runStartedAt: T0, now: T0 + 30 * 60_000, windowStart: 0, generation };
}

test("a measurement of the goal's current generation that meets every target converges", () => {
  assert.deepEqual(decide(spec(), history([record(0, 0.5, 2), record(1, 1, 2)], 2)), { kind: "Converged", iteration: 1 });
});

test("a measurement under an older generation is measured again, from its commit, before the goal may converge", () => {
  assert.deepEqual(decide(spec(), history([record(0, 0.5, 1), record(1, 1, 1)], 2)), { kind: "RunBaseline", number: 2, fromCommit: "c1" });
});

test("an approval given under an older generation is not inherited: the new measurement waits for its own", () => {
  const approved = record(1, 1, 1, { approval: "approved" });
  assert.deepEqual(decide(spec({ policy: "on-converge" }), history([record(0, 0.5, 1), approved], 2)), { kind: "RunBaseline", number: 2, fromCommit: "c1" });
  const remeasured = { ...record(2, 1, 2), fromIteration: null, fromCommit: "c1", commit: "c1" };
  assert.deepEqual(decide(spec({ policy: "on-converge" }), history([record(0, 0.5, 1), approved, remeasured], 2)), { kind: "AwaitApproval", iteration: 2 });
});

test("histories without generations (older callers) converge as before", () => {
  const plain = (number: number, passRatio: number) => {
    const { generation: _, ...rest } = record(number, passRatio, 1);
    return rest;
  };
  assert.deepEqual(decide(spec(), { iterations: [plain(0, 0.5), plain(1, 1)], runStartedAt: T0, now: T0 + 60_000 }), { kind: "Converged", iteration: 1 });
});

// Relative targets: "<= baseline * 1.05", ">= best - 0.01", parsed by the schema and resolved by the judge from the
// measured history alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goalSpecSchema, type GoalSpec } from "../../server/spec/goal-spec";
import { formatTarget, parseTarget, TARGET_OPS, type WrittenTarget } from "../../server/spec/metric-target";
import { judgeHistory, judgeIteration } from "../../server/loop/judge-history";
import { describeTarget } from "../../server/loop/spec-targets";
import { decide } from "../../server/loop/decide";
import { targetsByIteration } from "../../server/loop/targets-by-iteration";
import type { IterationRecord, Metrics } from "../../server/loop/types";

function specWith(targets: Record<string, string>, onRegression: "revert" | "keep" = "revert"): GoalSpec {
  return goalSpecSchema.parse({
    intent: "keep the benchmark fast while the tests pass",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "demo" },
    metrics: Object.entries(targets).map(([metric, target]) => ({ metric, target })),
    evaluation: { layers: [{ name: "bench", run: "node bench.js", parse: "json" }] },
    stop: { onRegression },
  });
}

function record(number: number, metrics: Metrics): IterationRecord {
  return {
    number,
    outcome: "Evaluated",
    fromIteration: number === 0 ? null : number - 1,
    fromCommit: `c${number - 1}`,
    commit: `c${number}`,
    metrics,
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: 0,
  };
}

test("a target is a number, or the baseline or best with one optional * / + - adjustment", () => {
  assert.deepEqual(parseTarget("<= baseline * 1.05"), { op: "<=", ref: "baseline", adjust: { op: "*", value: 1.05 } });
  assert.deepEqual(parseTarget(">= best - 0.01"), { op: ">=", ref: "best", adjust: { op: "-", value: 0.01 } });
  assert.deepEqual(parseTarget(">=baseline"), { op: ">=", ref: "baseline", adjust: null });
  assert.deepEqual(parseTarget("< best / 2"), { op: "<", ref: "best", adjust: { op: "/", value: 2 } });
  assert.deepEqual(parseTarget(">= 1"), { op: ">=", value: 1 });
  for (const bad of [
    "<= baseline * ",
    "<= baseline * 1.05 + 1",
    "<= 1.05 * baseline",
    "<= median",
    "baseline",
    "<= baseline / 0",
    "<= Baseline",
    "<= best ** 2",
  ]) {
    assert.equal(parseTarget(bad), null, bad);
  }
});

test("a malformed relative target is refused naming the field and the grammar", () => {
  const result = goalSpecSchema.safeParse({
    ...specWith({ "bench.seconds": "<= 1" }),
    metrics: [{ metric: "bench.seconds", target: "<= baseline times 1.05" }],
  });
  assert.equal(result.success, false);
  const issue = result.error!.issues[0];
  assert.deepEqual(issue.path, ["metrics", 0, "target"]);
  assert.match(issue.message, /'<op> baseline\|best \[\* \/ \+ - <number>\]'/);
});

test("formatting a parsed target and parsing it again gives the same target", () => {
  const number = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((n) => Number(n.toFixed(4)) || 0); // -0 is written "0"
  const written = fc.oneof(
    fc.record({ op: fc.constantFrom(...TARGET_OPS), value: number }),
    fc.record({
      op: fc.constantFrom(...TARGET_OPS),
      ref: fc.constantFrom("baseline" as const, "best" as const),
      adjust: fc.option(fc.record({ op: fc.constantFrom("*" as const, "+" as const, "-" as const), value: number.map(Math.abs) }), { nil: null }),
    }),
  );
  fc.assert(
    fc.property(written, (generated) => {
      const target = JSON.parse(JSON.stringify(generated)) as WrittenTarget; // fast-check builds objects without a prototype
      assert.deepEqual(parseTarget(formatTarget(target)), target);
    }),
  );
});

test("'<= baseline * 1.05' holds within 5% of the baseline's value; 20% slower is a regression and is not accepted", () => {
  const spec = specWith({ "bench.seconds": "<= baseline * 1.05", "bench.features": ">= 2" });
  const baseline = record(0, { "bench.seconds": 1.2, "bench.features": 0 });
  const within = record(1, { "bench.seconds": 1.25, "bench.features": 1 });
  const judged = judgeIteration(spec, [baseline], within);
  assert.equal(judged.accepted, true);
  const step = judgeHistory(spec, [baseline, within]).steps[1];
  assert.equal(step.assessment.regression, false);
  assert.equal(step.targets[0].target.value, 1.2 * 1.05);
  assert.equal(describeTarget(step.targets[0]), "<= baseline * 1.05 (= 1.26)");

  const slower = record(2, { "bench.seconds": 1.2 * 1.2, "bench.features": 2 });
  const verdict = judgeIteration(spec, [baseline, within], slower);
  assert.equal(verdict.regression, true);
  assert.equal(verdict.accepted, false);
  assert.equal(verdict.acceptedCommit, "c1", "the next iteration builds on iteration 1");
  const fast = record(3, { "bench.seconds": 1.1, "bench.features": 2 });
  assert.equal(judgeHistory(spec, [baseline, within, slower, fast]).steps[3].assessment.meetsTargets, true);
});

test("'>= best - 0.01' follows the best accepted iteration before the candidate", () => {
  const spec = specWith({ "bench.coverage": ">= best - 0.01", "bench.failed": "<= 0" });
  const history = [record(0, { "bench.coverage": 0.8, "bench.failed": 3 }), record(1, { "bench.coverage": 0.9, "bench.failed": 1 })];
  const judgement = judgeHistory(spec, history);
  assert.equal(judgement.best?.number, 1);
  assert.equal(judgement.targets[0].target.value, 0.9 - 0.01, "the next candidate is held to iteration 1's coverage");
  assert.equal(judgeIteration(spec, history, record(2, { "bench.coverage": 0.895, "bench.failed": 0 })).accepted, true);
  const dropped = judgeIteration(spec, history, record(2, { "bench.coverage": 0.85, "bench.failed": 0 }));
  assert.equal(dropped.regression, true);
  assert.equal(dropped.accepted, false);
});

test("a baseline that did not measure the metric leaves the target unmet with the reason, and nothing throws", () => {
  const spec = specWith({ "bench.seconds": "<= baseline * 1.05" });
  const history = [record(0, {}), record(1, { "bench.seconds": 1 })];
  const judgement = judgeHistory(spec, history);
  assert.equal(judgement.steps[1].assessment.meetsTargets, false);
  assert.equal(judgement.steps[1].targets[0].target.unresolved, "the baseline did not measure bench.seconds");
  assert.equal(describeTarget(judgement.targets[0]), "<= baseline * 1.05 (unresolved: the baseline did not measure bench.seconds)");
  const next = decide(spec, { iterations: history, runStartedAt: 0, now: 1 });
  assert.equal(next.kind, "RunIteration", "an unresolvable target is unmet, not a crash or a convergence");
});

test("a relative target resolves against the latest baseline of the run (a drift's re-measure starts a new comparison)", () => {
  const spec = specWith({ "bench.seconds": "<= baseline" }, "keep");
  const remeasure: IterationRecord = { ...record(2, { "bench.seconds": 2 }), fromIteration: null };
  const history = [record(0, { "bench.seconds": 1 }), record(1, { "bench.seconds": 0.9 }), remeasure];
  assert.equal(judgeHistory(spec, history).targets[0].target.value, 2);
});

test("relative and absolute targets agree when the baseline's value is the number (property)", () => {
  fc.assert(
    fc.property(fc.constantFrom(...TARGET_OPS), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), (op, base, value) => {
      const relative = specWith({ "bench.v": `${op} baseline` }, "keep");
      const absolute = specWith({ "bench.v": `${op} ${base}` }, "keep");
      const history = [record(0, { "bench.v": base }), record(1, { "bench.v": value })];
      assert.deepEqual(judgeHistory(relative, history).steps[1].assessment, judgeHistory(absolute, history).steps[1].assessment);
    }),
  );
});

test("each iteration keeps the target it was judged against: the chart's line steps where the best moved", () => {
  const spec = specWith({ "bench.coverage": ">= best" }, "keep");
  const remeasure: IterationRecord = { ...record(3, { "bench.coverage": 0.5 }), fromIteration: null };
  const history = [
    record(0, { "bench.coverage": 0.6 }),
    record(1, { "bench.coverage": 0.7 }),
    record(2, { "bench.coverage": 0.65 }),
    remeasure,
    record(4, { "bench.coverage": 0.55 }),
  ];
  const byNumber = targetsByIteration(spec, history);
  assert.deepEqual(
    [...byNumber].map(([number, targets]) => [number, targets[0].target.value]),
    [
      [0, 0.6],
      [1, 0.6],
      [2, 0.7],
      [3, 0.5],
      [4, 0.5],
    ],
  );
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goalSpecSchema, type GoalSpec } from "../../server/spec/goal-spec";
import { parseTarget, targetHolds, TARGET_OPS, type Target } from "../../server/spec/metric-target";
import { assess } from "../../server/loop/assess";
import { bestOf } from "../../server/loop/assess-latest";
import { walkHistory } from "../../server/loop/walk-history";
import { distance } from "../../server/loop/distance";
import type { IterationRecord, Metrics } from "../../server/loop/types";

const spec: GoalSpec = goalSpecSchema.parse({
  intent: "make the tests pass with no lint errors",
  workspace: { repo: "/tmp/repo" },
  agent: { executor: "demo" },
  metrics: [
    { metric: "tests.pass_ratio", target: ">= 1" },
    { metric: "lint.errors", target: "<= 0" },
  ],
  evaluation: {
    layers: [
      { name: "tests", run: "npm test" },
      { name: "lint", run: "npm run lint" },
    ],
  },
});

function record(number: number, metrics: Metrics, policyOk = true): IterationRecord {
  return {
    number,
    outcome: "Evaluated",
    fromIteration: number === 0 ? null : number - 1,
    fromCommit: null,
    commit: `c${number}`,
    metrics,
    policyOk,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: 0,
  };
}

// With "keep", every evaluated, policy-passing, unrejected iteration is accepted: bestOf is then pure ranking.
const keepSpec: GoalSpec = { ...spec, stop: { ...spec.stop, onRegression: "keep" } };

const target = (text: string): Target => parseTarget(text) as Target; // absolute targets only here

test("distance is how far below a lower bound, how far above an upper bound, and 0 when it holds", () => {
  assert.equal(distance(target(">= 1"), 0.75), 0.25);
  assert.equal(distance(target(">= 1"), 1.5), 0);
  assert.equal(distance(target("> 1"), 0.5), 0.5);
  assert.equal(distance(target("<= 0"), 3), 3);
  assert.equal(distance(target("< 10"), 12), 2);
  assert.equal(distance(target("< 10"), 9), 0);
  assert.equal(distance(target("== 5"), 3), 2);
  assert.equal(distance(target("== 5"), 7), 2);
  assert.equal(distance(target("!= 0"), 0), 1);
  assert.equal(distance(target("!= 0"), 4), 0);
});

test("a strict bound sitting on its limit is not met, but only just", () => {
  const d = distance(target("> 1"), 1);
  assert.ok(d > 0 && d < distance(target("> 1"), 0.999));
  assert.ok(distance(target("< 0"), 0) > 0);
});

test("a missing metric is infinitely far from its target", () => {
  assert.equal(distance(target(">= 1"), undefined), Infinity);
  assert.equal(distance(target("== 0"), Number.NaN), Infinity);
});

const opArb = fc.constantFrom(...TARGET_OPS);
const numberArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));

test("distance is 0 exactly when the target holds, and never negative", () => {
  fc.assert(
    fc.property(opArb, numberArb, fc.option(numberArb, { nil: undefined }), (op, value, measured) => {
      const t = { op, value };
      const d = distance(t, measured);
      assert.ok(d >= 0);
      assert.equal(d === 0, targetHolds(t, measured));
    }),
    { numRuns: 5000 },
  );
});

test("for a lower bound, a larger measurement is never farther", () => {
  fc.assert(
    fc.property(fc.constantFrom(">=" as const, ">" as const), numberArb, numberArb, numberArb, (op, limit, a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      assert.ok(distance({ op, value: limit }, high) <= distance({ op, value: limit }, low));
    }),
  );
});

test("with no best yet, a candidate is an improvement and never a regression", () => {
  assert.deepEqual(assess(spec, null, record(0, { "tests.pass_ratio": 0.5 })), { meetsTargets: false, regression: false, improved: true });
});

test("meeting every target needs every metric and a passing policy", () => {
  const met = { "tests.pass_ratio": 1, "lint.errors": 0 };
  assert.equal(assess(spec, null, record(1, met)).meetsTargets, true);
  assert.equal(assess(spec, null, record(1, met, false)).meetsTargets, false);
  assert.equal(assess(spec, null, record(1, { "tests.pass_ratio": 1 })).meetsTargets, false);
});

test("a metric moving away from its target is a regression", () => {
  const best = record(1, { "tests.pass_ratio": 0.8, "lint.errors": 2 });
  assert.deepEqual(assess(spec, best, record(2, { "tests.pass_ratio": 0.7, "lint.errors": 2 })), { meetsTargets: false, regression: true, improved: false });
});

test("a met target that is no longer met is a regression", () => {
  const best = record(1, { "tests.pass_ratio": 1, "lint.errors": 2 });
  const candidate = record(2, { "tests.pass_ratio": 0.99, "lint.errors": 0 });
  assert.deepEqual(assess(spec, best, candidate), { meetsTargets: false, regression: true, improved: true });
});

test("a metric that disappears is a regression", () => {
  const best = record(1, { "tests.pass_ratio": 0.5, "lint.errors": 2 });
  assert.equal(assess(spec, best, record(2, { "lint.errors": 2 })).regression, true);
});

test("moving past a met target is neither better nor worse", () => {
  const best = record(1, { "tests.pass_ratio": 1, "lint.errors": 0 });
  assert.deepEqual(assess(spec, best, record(2, { "tests.pass_ratio": 1, "lint.errors": -3 })), { meetsTargets: true, regression: false, improved: false });
});

test("improvement is some target metric closer than in the best", () => {
  const best = record(1, { "tests.pass_ratio": 0.5, "lint.errors": 2 });
  assert.equal(assess(spec, best, record(2, { "tests.pass_ratio": 0.6, "lint.errors": 2 })).improved, true);
  assert.equal(assess(spec, best, record(3, { "tests.pass_ratio": 0.5, "lint.errors": 2 })).improved, false);
});

const metricsArb = fc.record({ "tests.pass_ratio": fc.constantFrom(0, 0.5, 0.9, 1), "lint.errors": fc.constantFrom(0, 1, 4) }, { requiredKeys: [] });

test("a candidate regresses against a best exactly when the best improves on it", () => {
  fc.assert(
    fc.property(metricsArb, metricsArb, (a, b) => {
      assert.equal(assess(spec, record(1, a), record(2, b)).regression, assess(spec, record(2, b), record(1, a)).improved);
    }),
  );
});

test("an iteration equal to the best neither regresses nor improves", () => {
  fc.assert(
    fc.property(metricsArb, (m) => {
      const { regression, improved } = assess(spec, record(1, m), record(2, { ...m }));
      assert.deepEqual({ regression, improved }, { regression: false, improved: false });
    }),
  );
});

test("the best meets the most targets, even with a larger summed distance", () => {
  const oneMet = record(1, { "tests.pass_ratio": 0, "lint.errors": 0 }); // one met, distances sum to 1
  const noneMet = record(2, { "tests.pass_ratio": 0.9, "lint.errors": 0.5 }); // none met, sum 0.6
  const close = record(3, { "tests.pass_ratio": 0.95, "lint.errors": 0.1 }); // none met, sum 0.15
  assert.equal(bestOf(keepSpec, [oneMet, noneMet, close])?.number, 1);
  assert.equal(bestOf(keepSpec, [noneMet, close])?.number, 3);
});

test("among equally good iterations the first one is best: metrics that never moved leave the baseline best", () => {
  const m = { "tests.pass_ratio": 0.5, "lint.errors": 1 };
  assert.equal(bestOf(keepSpec, [record(0, m), record(1, m), record(2, m), record(3, m)])?.number, 0);
  assert.equal(bestOf(keepSpec, []), null);
});

test("bestOf picks a record no other record beats", () => {
  fc.assert(
    fc.property(fc.array(metricsArb, { minLength: 1, maxLength: 8 }), (all) => {
      const records = all.map((m, i) => record(i, m));
      const best = bestOf(keepSpec, records)!;
      const score = (r: IterationRecord) => {
        const ds = keepSpec.metrics.map(({ metric, target: t }) => distance(parseTarget(t) as Target, r.metrics[metric]));
        return { met: ds.filter((d) => d === 0).length, sum: ds.reduce((x, y) => x + y, 0) };
      };
      const b = score(best);
      for (const r of records) {
        const s = score(r);
        assert.ok(s.met < b.met || (s.met === b.met && s.sum >= b.sum), `iteration ${r.number} beats the chosen ${best.number}`);
        if (r.number < best.number) assert.ok(s.met < b.met || s.sum > b.sum, "an earlier equal record should have been chosen");
      }
    }),
  );
});

test("bestOf skips iterations whose change was dropped: policy failures, rejections, reverted regressions, agent failures", () => {
  const records = [
    record(0, { "tests.pass_ratio": 0.5, "lint.errors": 2 }),
    record(1, { "tests.pass_ratio": 1, "lint.errors": 0 }, false),
    { ...record(2, { "tests.pass_ratio": 1, "lint.errors": 0 }), approval: "rejected" as const },
    record(3, { "tests.pass_ratio": 0.9, "lint.errors": 2.2 }), // closer overall, but lint moved away
    { ...record(4, {}), outcome: "AgentFailed" as const, commit: null },
  ];
  assert.equal(bestOf(spec, records)?.number, 0);
  assert.equal(bestOf(keepSpec, records)?.number, 3, "with keep, a regression is kept and may become best");
});

test("bestOf gives the same answer for a whole history and for its accepted iterations alone", () => {
  const recordArb = fc.record({ metrics: metricsArb, policyOk: fc.boolean(), rejected: fc.boolean() });
  fc.assert(
    fc.property(fc.constantFrom(spec, keepSpec), fc.array(recordArb, { maxLength: 10 }), (s, all) => {
      const records = all.map((r, i) => ({ ...record(i, r.metrics, r.policyOk), approval: r.rejected ? ("rejected" as const) : null }));
      const accepted = walkHistory(s, records)
        .steps.filter((step) => step.accepted)
        .map((step) => step.record);
      assert.equal(bestOf(s, accepted), bestOf(s, records));
    }),
  );
});

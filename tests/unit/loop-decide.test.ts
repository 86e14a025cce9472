import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goalSpecSchema, type GoalSpec, type GoalSpecInput } from "../../server/spec/goal-spec";
import { parseTarget, targetHolds, type Target } from "../../server/spec/metric-target"; // these specs hold absolute targets only
import { assessLatest, decide } from "../../server/loop/decide";
import { distance } from "../../server/loop/distance";
import type { ApprovalState, Decision, History, IterationOutcome, IterationRecord, Metrics } from "../../server/loop/types";

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

function makeSpec(overrides: Partial<GoalSpecInput> = {}): GoalSpec {
  return goalSpecSchema.parse({
    intent: "make every test pass",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "demo" },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test", parse: "tap" },
        { name: "lint", run: "npm run lint" },
        { name: "scope", policy: { forbidPaths: ["secrets/**"] } },
      ],
    },
    ...overrides,
  });
}

// An evaluated iteration built on the one before it, finished a minute after its number.
function iteration(number: number, metrics: Metrics, extra: Partial<IterationRecord> = {}): IterationRecord {
  return {
    number,
    outcome: "Evaluated",
    fromIteration: number === 0 ? null : number - 1,
    fromCommit: number === 0 ? null : `c${number - 1}`,
    commit: `c${number}`,
    metrics,
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: T0 + (number + 1) * MINUTE,
    ...extra,
  };
}

function failed(number: number, finishedAt: number, extra: Partial<IterationRecord> = {}): IterationRecord {
  return iteration(number, {}, { outcome: "AgentFailed", commit: null, finishedAt, ...extra });
}

function history(iterations: IterationRecord[], now = T0 + 30 * MINUTE): History {
  return { iterations, runStartedAt: T0, now };
}

const ratio = (value: number): Metrics => ({ "tests.pass_ratio": value });

test("with no iterations, the baseline is measured first", () => {
  assert.deepEqual(decide(makeSpec(), history([])), { kind: "RunBaseline", number: 0, fromCommit: null });
});

test("after the baseline, iteration 1 starts from the baseline's commit", () => {
  assert.deepEqual(decide(makeSpec(), history([iteration(0, ratio(0.5))])), {
    kind: "RunIteration",
    number: 1,
    fromIteration: 0,
    fromCommit: "c0",
    candidates: 1,
  });
});

test("a baseline that already meets every target converges without running an agent", () => {
  assert.deepEqual(decide(makeSpec(), history([iteration(0, ratio(1))])), { kind: "Converged", iteration: 0 });
});

test("an iteration that meets every target converges", () => {
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.8)), iteration(2, ratio(1))];
  assert.deepEqual(decide(makeSpec(), history(records)), { kind: "Converged", iteration: 2 });
});

test("meeting the metric targets is not enough when a policy layer failed", () => {
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(1), { policyOk: false })];
  assert.deepEqual(decide(makeSpec(), history(records)), { kind: "RunIteration", number: 2, fromIteration: 0, fromCommit: "c0", candidates: 1 });
});

test("an agent that only claims success ends Stalled", () => {
  // The agent says "all tests pass" every time; the layers keep measuring 0.5. decide never reads what it said.
  const spec = makeSpec({ stop: { stallIterations: 3 } });
  const records = [iteration(0, ratio(0.5))];
  for (let n = 1; n <= 3; n++) {
    const next = decide(spec, history(records));
    assert.equal(next.kind, "RunIteration", `iteration ${n} should run`);
    records.push(iteration(n, ratio(0.5), { fromIteration: 0, fromCommit: "c0" }));
  }
  const stalled = decide(spec, history(records));
  assert.equal(stalled.kind, "Stalled");
  assert.match((stalled as { message: string }).message, /for 3 iterations in a row \(iterations 1-3\)/);
  assert.match((stalled as { message: string }).message, /best is iteration 0: tests\.pass_ratio 0\.5 \(target >= 1\)/);
});

test("an improvement resets the stall count", () => {
  const spec = makeSpec({ stop: { stallIterations: 2 } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.5)), iteration(2, ratio(0.6)), iteration(3, ratio(0.6))];
  assert.equal(decide(spec, history(records)).kind, "RunIteration");
  records.push(iteration(4, ratio(0.6)));
  assert.equal(decide(spec, history(records)).kind, "Stalled");
});

test("an agent oscillating between two changes that trade one target for the other stalls, even when regressions are kept", () => {
  const targets = [
    { metric: "tests.exit_code", target: "== 0" },
    { metric: "lint.exit_code", target: "== 0" },
  ];
  const A = { "tests.exit_code": 0, "lint.exit_code": 1 };
  const B = { "tests.exit_code": 1, "lint.exit_code": 0 };
  for (const onRegression of ["revert", "keep"] as const) {
    const spec = makeSpec({ metrics: targets, stop: { stallIterations: 3, maxIterations: 20, onRegression } });
    const records = [iteration(0, { "tests.exit_code": 1, "lint.exit_code": 1 }), iteration(1, A), iteration(2, B), iteration(3, A)];
    assert.equal(decide(spec, history(records)).kind, "RunIteration", `${onRegression}: iteration 1 improved, two tries since`);
    records.push(iteration(4, B));
    assert.equal(decide(spec, history(records)).kind, "Stalled", `${onRegression}: A, B, A, B never beat the first A`);
  }
});

test("agent failures neither count toward a stall nor reset it", () => {
  const spec = makeSpec({ stop: { stallIterations: 2 }, retry: { maxAgentFailures: 5, backoffSeconds: 0 } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.5)), failed(2, T0), failed(3, T0)];
  assert.equal(decide(spec, history(records)).kind, "RunIteration");
  records.push(iteration(4, ratio(0.5)));
  assert.equal(decide(spec, history(records)).kind, "Stalled");
});

test("a policy-failing iteration's change is dropped and counts as no progress, even when its metrics improve", () => {
  const spec = makeSpec({ stop: { stallIterations: 2, onRegression: "keep" } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.5)), iteration(2, ratio(0.9), { policyOk: false })];
  assert.deepEqual(decide(spec, history(records)), {
    kind: "Stalled",
    message:
      "no target metric improved on the best so far for 2 iterations in a row (iterations 1 and 2); best is iteration 0: tests.pass_ratio 0.5 (target >= 1)",
  });
});

test("an iteration reverted for a regression counts as no progress, even when another metric improved", () => {
  const spec = makeSpec({
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.errors", target: "<= 0" },
    ],
    stop: { stallIterations: 2 },
  });
  const records = [
    iteration(0, { "tests.pass_ratio": 0.5, "lint.errors": 3 }),
    iteration(1, { "tests.pass_ratio": 0.6, "lint.errors": 4 }),
    iteration(2, { "tests.pass_ratio": 0.4, "lint.errors": 1 }),
  ];
  assert.equal(decide(spec, history(records)).kind, "Stalled");
  assert.equal(decide({ ...spec, stop: { ...spec.stop, onRegression: "keep" } }, history(records)).kind, "RunIteration");
});

test("a regressing iteration is reverted: the next starts from the best commit", () => {
  const spec = makeSpec({ stop: { onRegression: "revert" } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.8)), iteration(2, ratio(0.6))];
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 3, fromIteration: 1, fromCommit: "c1", candidates: 1 });
  assert.deepEqual(assessLatest(spec, records), { meetsTargets: false, regression: true, improved: false });
});

test("a met target that is no longer met is a regression, even when another metric improves", () => {
  const spec = makeSpec({
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.errors", target: "<= 0" },
    ],
  });
  const records = [iteration(0, { "tests.pass_ratio": 1, "lint.errors": 4 }), iteration(1, { "tests.pass_ratio": 0.9, "lint.errors": 0 })];
  assert.deepEqual(assessLatest(spec, records), { meetsTargets: false, regression: true, improved: true });
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 2, fromIteration: 0, fromCommit: "c0", candidates: 1 });
});

test("with onRegression keep, the next iteration builds on the regressing one", () => {
  const spec = makeSpec({ stop: { onRegression: "keep" } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.8)), iteration(2, ratio(0.6))];
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 3, fromIteration: 2, fromCommit: "c2", candidates: 1 });
});

test("max iterations end Exhausted", () => {
  const spec = makeSpec({ stop: { maxIterations: 10, stallIterations: 100 } });
  const values = [0.5, 0.5, 0.6, 0.6, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.8];
  const records = values.map((value, n) => iteration(n, ratio(value)));
  assert.deepEqual(decide(spec, history(records)), {
    kind: "Exhausted",
    reason: "MaxIterations",
    message: "used 10 of 10 iterations without meeting tests.pass_ratio >= 1 (best 0.8 at iteration 7)",
  });
});

test("agent failures use up iterations", () => {
  const spec = makeSpec({ stop: { maxIterations: 2 }, retry: { maxAgentFailures: 5, backoffSeconds: 0 } });
  const decision = decide(spec, history([iteration(0, ratio(0.5)), failed(1, T0), failed(2, T0)]));
  assert.equal(decision.kind, "Exhausted");
  assert.equal((decision as { reason: string }).reason, "MaxIterations");
});

test("cost budget ends Exhausted", () => {
  const spec = makeSpec({ stop: { maxCostUsd: 1 } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.6), { costUsd: 0.6 }), iteration(2, ratio(0.7), { costUsd: 0.45 })];
  assert.deepEqual(decide(spec, history(records)), {
    kind: "Exhausted",
    reason: "MaxCost",
    message: "spent $1.05 of the $1.00 budget without meeting tests.pass_ratio >= 1 (best 0.7 at iteration 2)",
  });
});

test("a goal run again after it ended gets fresh iteration, cost, stall and retry budgets, and keeps its best", () => {
  const spec = makeSpec({ stop: { maxIterations: 2, maxCostUsd: 1, stallIterations: 2 }, retry: { maxAgentFailures: 0, backoffSeconds: 0 } });
  const records = [
    iteration(0, ratio(0.5)),
    iteration(1, ratio(0.7), { costUsd: 0.6 }),
    iteration(2, ratio(0.7), { costUsd: 0.6, fromIteration: 1, fromCommit: "c1" }),
  ];
  assert.equal(decide(spec, history(records)).kind, "Exhausted", "the first run used its budgets");
  const resumed = { ...history(records), windowStart: 3 };
  assert.deepEqual(
    decide(spec, resumed),
    { kind: "RunIteration", number: 3, fromIteration: 1, fromCommit: "c1", candidates: 1 },
    "the new run builds on the best so far (the first to reach 0.7)",
  );
  const stalledBefore = [...records, failed(3, T0)];
  assert.equal(decide(spec, { ...history(stalledBefore), windowStart: 3 }).kind, "Failed", "failures inside the new run still count");
  assert.equal(decide(spec, { ...history(stalledBefore), windowStart: 4 }).kind, "RunIteration", "failures before it do not");
});

test("an interrupted iteration's cost still counts against the budget", () => {
  const spec = makeSpec({ stop: { maxCostUsd: 1 } });
  const records = [
    iteration(0, ratio(0.5)),
    iteration(1, ratio(0.6), { costUsd: 0.6 }),
    iteration(2, {}, { outcome: "Interrupted", commit: null, costUsd: 0.5 }),
  ];
  assert.equal(decide(spec, history(records)).kind, "Exhausted");
});

test("time budget ends Exhausted", () => {
  const spec = makeSpec({ stop: { maxDurationMinutes: 30 } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.6))];
  assert.equal(decide(spec, history(records, T0 + 29 * MINUTE)).kind, "RunIteration");
  const decision = decide(spec, history(records, T0 + 30 * MINUTE));
  assert.deepEqual(decision, {
    kind: "Exhausted",
    reason: "MaxDuration",
    message: "ran 30 of 30 minutes without meeting tests.pass_ratio >= 1 (best 0.6 at iteration 1)",
  });
});

test("on-converge waits for approval, then converges when approved", () => {
  const spec = makeSpec({ approval: { policy: "on-converge" } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.8))];
  assert.equal(decide(spec, history(records)).kind, "RunIteration", "a non-converging iteration needs no approval");
  records.push(iteration(2, ratio(1)));
  assert.deepEqual(decide(spec, history(records)), { kind: "AwaitApproval", iteration: 2 });
  records[2] = { ...records[2], approval: "pending" };
  assert.deepEqual(decide(spec, history(records)), { kind: "AwaitApproval", iteration: 2 });
  records[2] = { ...records[2], approval: "approved" };
  assert.deepEqual(decide(spec, history(records)), { kind: "Converged", iteration: 2 });
});

test("a rejected iteration's change is dropped and the loop goes on", () => {
  const spec = makeSpec({ approval: { policy: "on-converge" }, stop: { onRegression: "keep" } });
  const records = [
    iteration(0, ratio(0.5)),
    iteration(1, ratio(0.8)),
    iteration(2, ratio(1), { approval: "rejected", approvalComment: "hard-codes the answers" }),
  ];
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 3, fromIteration: 1, fromCommit: "c1", candidates: 1 });
});

test("a rejected iteration counts as not improved toward a stall", () => {
  const spec = makeSpec({ approval: { policy: "every-iteration" }, stop: { stallIterations: 2 } });
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(0.7), { approval: "rejected" }), iteration(2, ratio(0.9), { approval: "rejected" })];
  assert.equal(decide(spec, history(records)).kind, "Stalled");
});

test("every-iteration waits for a person on each iteration, but not on the baseline", () => {
  const spec = makeSpec({ approval: { policy: "every-iteration" } });
  const records = [iteration(0, ratio(0.5))];
  assert.equal(decide(spec, history(records)).kind, "RunIteration");
  records.push(iteration(1, ratio(0.7)));
  assert.deepEqual(decide(spec, history(records)), { kind: "AwaitApproval", iteration: 1 });
  records[1] = { ...records[1], approval: "approved" };
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 2, fromIteration: 1, fromCommit: "c1", candidates: 1 });
});

test("a rejected converging baseline keeps the loop going from the starting commit", () => {
  const spec = makeSpec({ approval: { policy: "on-converge" } });
  assert.deepEqual(decide(spec, history([iteration(0, ratio(1))])), { kind: "AwaitApproval", iteration: 0 });
  assert.deepEqual(decide(spec, history([iteration(0, ratio(1), { approval: "rejected" })])), {
    kind: "RunIteration",
    number: 1,
    fromIteration: 0,
    fromCommit: "c0",
    candidates: 1,
  });
});

test("an interrupted iteration is redone under the same number", () => {
  const spec = makeSpec();
  const records = [
    iteration(0, ratio(0.5)),
    iteration(1, ratio(0.8)),
    iteration(2, ratio(0.6)),
    iteration(3, {}, { outcome: "Interrupted", fromIteration: 1, fromCommit: "c1", commit: null }),
  ];
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 3, fromIteration: 1, fromCommit: "c1", candidates: 1 });
});

test("an interrupted baseline is measured again", () => {
  const interrupted = iteration(0, {}, { outcome: "Interrupted", commit: null, fromCommit: "c-base" });
  assert.deepEqual(decide(makeSpec(), history([interrupted])), { kind: "RunBaseline", number: 0, fromCommit: "c-base" }, "on the same commit as before");
});

test("agent failures back off, then fail", () => {
  const spec = makeSpec({ retry: { maxAgentFailures: 2, backoffSeconds: 5 } });
  const records = [iteration(0, ratio(0.5)), failed(1, T0 + 10 * MINUTE)];
  assert.deepEqual(decide(spec, history(records, T0 + 10 * MINUTE + 1_000)), {
    kind: "RetryAfter",
    delayMs: 4_000,
    reason: "the agent failed in iteration 1 (1 failure in a row; up to 2 are retried)",
  });
  assert.deepEqual(decide(spec, history(records, T0 + 10 * MINUTE + 5_000)), {
    kind: "RunIteration",
    number: 2,
    fromIteration: 0,
    fromCommit: "c0",
    candidates: 1,
  });

  records.push(failed(2, T0 + 11 * MINUTE));
  const second = decide(spec, history(records, T0 + 11 * MINUTE));
  assert.equal(second.kind, "RetryAfter");
  assert.equal((second as { delayMs: number }).delayMs, 10_000, "the second failure waits twice as long");

  records.push(failed(3, T0 + 12 * MINUTE));
  const third = decide(spec, history(records, T0 + 20 * MINUTE));
  assert.equal(third.kind, "Failed");
  assert.equal((third as { reason: string }).reason, "AgentFailing");
  assert.match((third as { message: string }).message, /failed 3 times in a row \(iterations 1-3\)/);
});

test("backoff is capped at five minutes", () => {
  const spec = makeSpec({ retry: { maxAgentFailures: 10, backoffSeconds: 3600 } });
  const decision = decide(spec, history([iteration(0, ratio(0.5)), failed(1, T0 + MINUTE)], T0 + MINUTE));
  assert.equal((decision as { delayMs: number }).delayMs, 300_000);
});

test("a success between agent failures resets the failure count", () => {
  const spec = makeSpec({ retry: { maxAgentFailures: 1, backoffSeconds: 0 } });
  const records = [iteration(0, ratio(0.5)), failed(1, T0), iteration(2, ratio(0.6)), failed(3, T0)];
  assert.equal(decide(spec, history(records)).kind, "RunIteration");
});

// ---- properties ----

const TARGETS = [
  { metric: "tests.pass_ratio", target: ">= 1" },
  { metric: "lint.errors", target: "<= 0" },
];

const specArb = fc
  .record({
    onRegression: fc.constantFrom("revert" as const, "keep" as const),
    policy: fc.constantFrom("never" as const, "on-converge" as const, "every-iteration" as const),
    maxIterations: fc.integer({ min: 1, max: 12 }),
    stallIterations: fc.integer({ min: 1, max: 4 }),
    maxAgentFailures: fc.integer({ min: 0, max: 3 }),
    backoffSeconds: fc.integer({ min: 0, max: 20 }),
    maxCostUsd: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    maxDurationMinutes: fc.integer({ min: 5, max: 200 }),
  })
  .map((s) =>
    makeSpec({
      metrics: TARGETS,
      stop: {
        maxIterations: s.maxIterations,
        stallIterations: s.stallIterations,
        onRegression: s.onRegression,
        maxDurationMinutes: s.maxDurationMinutes,
        ...(s.maxCostUsd === undefined ? {} : { maxCostUsd: s.maxCostUsd }),
      },
      retry: { maxAgentFailures: s.maxAgentFailures, backoffSeconds: s.backoffSeconds },
      approval: { policy: s.policy },
    }),
  );

const metricsArb: fc.Arbitrary<Metrics> = fc
  .record({ "tests.pass_ratio": fc.constantFrom(0, 0.25, 0.5, 0.75, 1), "lint.errors": fc.constantFrom(0, 1, 3) }, { requiredKeys: [] })
  .map((metrics) => ({ ...metrics })); // a plain object, as JSON from the database would be

const recordArb = fc.record({
  outcome: fc.constantFrom<IterationOutcome>("Evaluated", "Evaluated", "Evaluated", "AgentFailed", "Interrupted"),
  metrics: metricsArb,
  policyOk: fc.boolean(),
  approval: fc.constantFrom<ApprovalState>(null, null, "pending", "approved", "rejected"),
  costUsd: fc.constantFrom(0, 0, 0.5, 2),
  minutes: fc.integer({ min: 0, max: 30 }),
});

// Histories as a runner could have written them: numbered 0..n, interrupted only at the tail.
const historyArb: fc.Arbitrary<History> = fc
  .tuple(metricsArb, fc.array(recordArb, { maxLength: 14 }), fc.integer({ min: 0, max: 600 }))
  .map(([baseline, rest, extraMinutes]) => {
    const iterations: IterationRecord[] = [iteration(0, baseline, { finishedAt: T0 })];
    let clock = T0;
    rest.forEach((r, i) => {
      const number = i + 1;
      const outcome: IterationOutcome = r.outcome === "Interrupted" && i < rest.length - 1 ? "Evaluated" : r.outcome;
      clock += r.minutes * MINUTE;
      iterations.push({
        number,
        outcome,
        fromIteration: number - 1,
        fromCommit: `c${number - 1}`,
        commit: outcome === "Evaluated" ? `c${number}` : null,
        metrics: outcome === "Evaluated" ? r.metrics : {},
        policyOk: r.policyOk,
        approval: outcome === "Evaluated" ? r.approval : null,
        approvalComment: null,
        costUsd: r.costUsd,
        finishedAt: outcome === "Interrupted" ? null : clock,
      });
    });
    return { iterations, runStartedAt: T0, now: clock + extraMinutes * 1000 };
  });

// An independent replay of acceptance, written plainly from the rules, to check decide against.
function acceptedRecords(spec: GoalSpec, records: IterationRecord[]): IterationRecord[] {
  const targets = spec.metrics.map(({ metric, target }) => ({ metric, target: parseTarget(target) as Target }));
  const distances = (r: IterationRecord) => targets.map(({ metric, target }) => distance(target, r.metrics[metric]));
  const accepted: IterationRecord[] = [];
  let best: IterationRecord | null = null;
  for (const r of records) {
    if (r.outcome !== "Evaluated") continue;
    let ok = r.number === 0 || (r.policyOk && r.approval !== "rejected");
    if (ok && r.number > 0 && best && spec.stop.onRegression === "revert") {
      const before = distances(best);
      ok = distances(r).every((d, i) => d <= before[i]);
    }
    if (!ok) continue;
    accepted.push(r);
    if (!best) best = r;
    else {
      const [a, b] = [distances(best), distances(r)];
      const met = (ds: number[]) => ds.filter((d) => d === 0).length;
      const sum = (ds: number[]) => ds.reduce((x, y) => x + y, 0);
      if (met(b) > met(a) || (met(b) === met(a) && sum(b) < sum(a))) best = r;
    }
  }
  return accepted;
}

function meetsEveryTarget(spec: GoalSpec, r: IterationRecord): boolean {
  return r.policyOk && spec.metrics.every(({ metric, target }) => targetHolds(parseTarget(target) as Target, r.metrics[metric]));
}

const latestEvaluated = (h: History) => h.iterations.findLast((r) => r.outcome === "Evaluated");

test("decide never returns Converged unless the latest evaluated iteration meets every target", () => {
  fc.assert(
    fc.property(specArb, historyArb, (spec, h) => {
      const d = decide(spec, h);
      if (d.kind !== "Converged") return;
      const latest = latestEvaluated(h)!;
      assert.equal(d.iteration, latest.number);
      assert.ok(meetsEveryTarget(spec, latest));
      if (spec.approval.policy !== "never") assert.equal(latest.approval, "approved");
    }),
    { numRuns: 2000 },
  );
});

test("with onRegression revert, RunIteration.fromCommit is always the commit of an accepted iteration", () => {
  fc.assert(
    fc.property(specArb, historyArb, (specIn, h) => {
      const spec = { ...specIn, stop: { ...specIn.stop, onRegression: "revert" as const } };
      const d = decide(spec, h);
      if (d.kind !== "RunIteration" || h.iterations.at(-1)?.outcome === "Interrupted") return;
      const accepted = acceptedRecords(spec, h.iterations);
      const from = accepted.find((r) => r.number === d.fromIteration);
      assert.ok(from, `iteration ${d.fromIteration} is not accepted`);
      assert.equal(d.fromCommit, from.commit);
    }),
    { numRuns: 2000 },
  );
});

test("decide is deterministic and does not change the history it reads", () => {
  fc.assert(
    fc.property(specArb, historyArb, (spec, h) => {
      const copy = structuredClone(h);
      const first = decide(spec, h);
      assert.deepEqual(decide(spec, copy), first);
      assert.deepEqual(h, copy);
    }),
    { numRuns: 500 },
  );
});

test("RunIteration's number is always the last number + 1, or the interrupted one's number", () => {
  fc.assert(
    fc.property(specArb, historyArb, (spec, h) => {
      const d = decide(spec, h);
      if (d.kind !== "RunIteration") return;
      const last = h.iterations.at(-1)!;
      assert.equal(d.number, last.outcome === "Interrupted" ? last.number : last.number + 1);
    }),
    { numRuns: 2000 },
  );
});

test("Exhausted and Stalled are never returned while the latest evaluated iteration meets every target and needs no approval", () => {
  fc.assert(
    fc.property(specArb, historyArb, (spec, h) => {
      const d = decide(spec, h);
      if (d.kind !== "Exhausted" && d.kind !== "Stalled") return;
      const latest = latestEvaluated(h)!;
      const needsNoApproval = spec.approval.policy === "never" ? latest.approval !== "rejected" : latest.approval === "approved";
      assert.ok(!(meetsEveryTarget(spec, latest) && needsNoApproval));
    }),
    { numRuns: 2000 },
  );
});

test("a retry waits more than 0 and at most five minutes", () => {
  fc.assert(
    fc.property(specArb, historyArb, (spec, h) => {
      const d = decide(spec, h);
      if (d.kind === "RetryAfter") assert.ok(d.delayMs > 0 && d.delayMs <= 300_000);
    }),
    { numRuns: 1000 },
  );
});

// Feeds decisions back as a runner would, with random measurements, approvals, failures and interruptions.
type RecordEvent = typeof recordArb extends fc.Arbitrary<infer T> ? T : never;

function simulate(spec: GoalSpec, events: RecordEvent[], approve: boolean[]): { decisions: Decision[]; history: History } {
  const h: History = { iterations: [], runStartedAt: T0, now: T0 };
  const decisions: Decision[] = [];
  const interrupted = new Set<number>();
  for (let step = 0; step < 2000; step++) {
    const e = events[step % events.length];
    const d = decide(spec, h);
    decisions.push(d);
    const put = (r: IterationRecord) => {
      h.iterations = [...h.iterations.filter((x) => x.number !== r.number), r].sort((a, b) => a.number - b.number);
    };
    h.now += e.minutes * 1000;
    switch (d.kind) {
      case "RunBaseline":
        put(iteration(0, e.metrics, { finishedAt: h.now }));
        break;
      case "RunIteration": {
        // Each number is interrupted at most once, as a runner that dies now and then would.
        const outcome = e.outcome === "Interrupted" && interrupted.has(d.number) ? "Evaluated" : e.outcome;
        if (outcome === "Interrupted") interrupted.add(d.number);
        put({
          number: d.number,
          outcome,
          fromIteration: d.fromIteration,
          fromCommit: d.fromCommit,
          commit: outcome === "Evaluated" ? `c${d.number}` : null,
          metrics: outcome === "Evaluated" ? e.metrics : {},
          policyOk: e.policyOk,
          approval: null,
          approvalComment: null,
          costUsd: e.costUsd,
          finishedAt: outcome === "Interrupted" ? null : h.now,
        });
        break;
      }
      case "RetryAfter":
        h.now += d.delayMs;
        break;
      case "AwaitApproval":
        h.iterations = h.iterations.map((r) => (r.number === d.iteration ? { ...r, approval: approve[step % approve.length] ? "approved" : "rejected" } : r));
        break;
      default:
        return { decisions, history: h };
    }
  }
  throw new Error("the loop did not end within 2000 decisions");
}

test("with maxIterations N the loop always ends after at most N agent iterations", () => {
  fc.assert(
    fc.property(
      specArb,
      fc.array(recordArb, { minLength: 1, maxLength: 30 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
      (spec, events, approve) => {
        const { decisions, history: h } = simulate(spec, events, approve);
        const agentIterations = h.iterations.filter((r) => r.number >= 1 && r.outcome !== "Interrupted").length;
        assert.ok(agentIterations <= spec.stop.maxIterations, `${agentIterations} agent iterations with maxIterations ${spec.stop.maxIterations}`);
        const last = decisions.at(-1)!;
        assert.ok(["Converged", "Stalled", "Exhausted", "Failed"].includes(last.kind));
        if (last.kind === "Converged") assert.ok(meetsEveryTarget(spec, h.iterations.find((r) => r.number === last.iteration)!));
      },
    ),
    { numRuns: 1000 },
  );
});

test("in a simulated loop with revert, every iteration starts from an accepted commit", () => {
  fc.assert(
    fc.property(
      specArb,
      fc.array(recordArb, { minLength: 1, maxLength: 30 }),
      fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
      (specIn, events, approve) => {
        const spec = { ...specIn, stop: { ...specIn.stop, onRegression: "revert" as const } };
        const { history: h } = simulate(spec, events, approve);
        const accepted = new Set(acceptedRecords(spec, h.iterations).map((r) => r.commit));
        for (const r of h.iterations) if (r.number >= 1) assert.ok(accepted.has(r.fromCommit), `iteration ${r.number} started from ${r.fromCommit}`);
      },
    ),
    { numRuns: 500 },
  );
});

test("after a drift, the re-measured accepted commit is the run's baseline: the loop goes on from it, not from stale measurements", () => {
  const spec = makeSpec({ stop: { maxIterations: 2, stallIterations: 1 } });
  // Converged at 2; a resync of c2 then measured 0.5 (iteration 3, a baseline of the new run from 3).
  const records = [
    iteration(0, ratio(0.5)),
    iteration(1, ratio(0.8)),
    iteration(2, ratio(1)),
    iteration(3, ratio(0.5), { fromIteration: null, fromCommit: "c2", commit: "c2" }),
  ];
  const drifted: History = { ...history(records), windowStart: 3 };
  assert.deepEqual(
    decide(spec, drifted),
    { kind: "RunIteration", number: 4, fromIteration: 3, fromCommit: "c2", candidates: 1 },
    "not Converged on iteration 2's stale 1.0, and the re-measurement uses no iteration budget",
  );
  // 0.7 improves on the re-measured 0.5, so it is kept (it would be a regression against 2's 1.0) and no stall is counted.
  const partial = [...records, iteration(4, ratio(0.7), { fromIteration: 3, fromCommit: "c2" })];
  assert.deepEqual(decide(spec, { ...history(partial), windowStart: 3 }), {
    kind: "RunIteration",
    number: 5,
    fromIteration: 4,
    fromCommit: "c4",
    candidates: 1,
  });
  const fixed = [...partial, iteration(5, ratio(1))];
  assert.deepEqual(decide(spec, { ...history(fixed), windowStart: 3 }), { kind: "Converged", iteration: 5 });
});

test("a converged goal run again (re-run, webhook, changed spec) measures its commit again before it may converge", () => {
  const spec = makeSpec();
  const records = [iteration(0, ratio(0.5)), iteration(1, ratio(1))];
  assert.deepEqual(decide(spec, history(records)), { kind: "Converged", iteration: 1 }, "within its own run it has converged");
  assert.deepEqual(
    decide(spec, { ...history(records), windowStart: 2 }),
    { kind: "RunBaseline", number: 2, fromCommit: "c1" },
    "a new run does not converge on the last run's measurement",
  );
  const remeasured = [...records, iteration(2, ratio(1), { fromIteration: null, fromCommit: "c1", commit: "c1" })];
  assert.deepEqual(decide(spec, { ...history(remeasured), windowStart: 2 }), { kind: "Converged", iteration: 2 });
  const broken = [...records, iteration(2, ratio(0.5), { fromIteration: null, fromCommit: "c1", commit: "c1" })];
  assert.deepEqual(
    decide(spec, { ...history(broken), windowStart: 2 }),
    { kind: "RunIteration", number: 3, fromIteration: 2, fromCommit: "c1", candidates: 1 },
    "a target that no longer holds is worked on",
  );
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goalSpecSchema, type GoalSpec, type GoalSpecInput } from "../../server/spec/goal-spec";
import { decide } from "../../server/loop/decide";
import { judgeApproval, judgeHistory, judgeIteration, judgePromptFacts } from "../../server/loop/judge-history";
import type { ApprovalState, IterationRecord, Metrics } from "../../server/loop/types";

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

function makeSpec(overrides: Partial<GoalSpecInput> = {}): GoalSpec {
  return goalSpecSchema.parse({
    intent: "make every test pass",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "demo" },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: { layers: [{ name: "tests", run: "npm test", parse: "tap" }] },
    ...overrides,
  });
}

// An evaluated iteration built on `from` (the one before it unless said), finished a minute after its number.
function iteration(number: number, ratio: number, extra: Partial<IterationRecord> = {}): IterationRecord {
  const from = number === 0 ? null : number - 1;
  return {
    number,
    outcome: "Evaluated",
    fromIteration: from,
    fromCommit: from === null ? "c0" : `c${from}`,
    commit: `c${number}`,
    metrics: { "tests.pass_ratio": ratio },
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: T0 + (number + 1) * MINUTE,
    ...extra,
  };
}

test("an improving iteration is accepted, published and becomes the accepted commit and the best", () => {
  const verdict = judgeIteration(makeSpec(), [iteration(0, 0.5)], iteration(1, 0.8));
  assert.deepEqual(verdict, { regression: false, accepted: true, awaitsApproval: false, publish: true, bestIteration: 1, acceptedCommit: "c1" });
});

test("a regressing iteration is reverted: not published, the best and the accepted commit stay where they were", () => {
  const before = [iteration(0, 0.5), iteration(1, 0.8)];
  assert.deepEqual(judgeIteration(makeSpec(), before, iteration(2, 0.6)), {
    regression: true,
    accepted: false,
    awaitsApproval: false,
    publish: false,
    bestIteration: 1,
    acceptedCommit: "c1",
  });
  const keep = makeSpec({ stop: { onRegression: "keep" } });
  assert.deepEqual(
    judgeIteration(keep, before, iteration(2, 0.6)),
    { regression: true, accepted: true, awaitsApproval: false, publish: true, bestIteration: 1, acceptedCommit: "c2" },
    "with keep the loop builds on it, though it is not the best",
  );
});

test("a policy-failing iteration is not accepted, whatever its metrics", () => {
  const verdict = judgeIteration(makeSpec(), [iteration(0, 0.5)], iteration(1, 1, { policyOk: false }));
  assert.equal(verdict.accepted, false);
  assert.equal(verdict.publish, false);
  assert.equal(verdict.acceptedCommit, "c0");
});

test("with every-iteration, a change waits for a person: shown as best, but not published nor built on until approved", () => {
  const spec = makeSpec({ approval: { policy: "every-iteration" } });
  const verdict = judgeIteration(spec, [iteration(0, 0.5)], iteration(1, 0.8));
  assert.deepEqual(verdict, { regression: false, accepted: true, awaitsApproval: true, publish: false, bestIteration: 1, acceptedCommit: "c0" });
  const waiting = [iteration(0, 0.5), iteration(1, 0.8, { approval: "pending" })];
  assert.deepEqual(judgeApproval(spec, waiting, 1, true), { accepted: true, bestIteration: 1, acceptedCommit: "c1" });
  assert.deepEqual(judgeApproval(spec, waiting, 1, false), { accepted: false, bestIteration: 0, acceptedCommit: "c0" }, "a rejected change is no one's best");
});

test("a baseline never waits for a person and moves nothing: it measures the commit it stands on", () => {
  const spec = makeSpec({ approval: { policy: "every-iteration" } });
  assert.deepEqual(judgeIteration(spec, [], iteration(0, 0.5)), {
    regression: false,
    accepted: true,
    awaitsApproval: false,
    publish: false,
    bestIteration: 0,
    acceptedCommit: "c0",
  });
});

test("an interrupted try of the same number is replaced by the measured one", () => {
  const interrupted = { ...iteration(1, 0), outcome: "Interrupted" as const, commit: null, metrics: {} };
  assert.equal(judgeIteration(makeSpec(), [iteration(0, 0.5), interrupted], iteration(1, 0.8)).acceptedCommit, "c1");
});

test("a rejection on-converge drops the change: the loop builds on the best before it again", () => {
  const spec = makeSpec({ approval: { policy: "on-converge" } });
  const records = [iteration(0, 0.5), iteration(1, 0.8), iteration(2, 1, { approval: "pending" })];
  assert.equal(judgeHistory(spec, records).acceptedCommit, "c2", "on-converge keeps the change while it waits");
  assert.deepEqual(judgeApproval(spec, records, 2, false), { accepted: false, bestIteration: 1, acceptedCommit: "c1" });
  assert.deepEqual(judgeApproval(spec, records, 2, true), { accepted: true, bestIteration: 2, acceptedCommit: "c2" });
});

test("the prompt is told a regression was reverted, and the best so far", () => {
  const facts = judgePromptFacts(makeSpec(), [iteration(0, 0.5), iteration(1, 0.8), iteration(2, 0.6)], 3);
  assert.equal(facts.last?.number, 2);
  assert.equal(facts.best?.number, 1);
  assert.deepEqual(facts.reverted, { iteration: 2, reason: "its metrics were worse than the best iteration's" });
  assert.equal(facts.rejected, null);
  const policy = judgePromptFacts(makeSpec(), [iteration(0, 0.5), iteration(1, 1, { policyOk: false })], 2);
  assert.deepEqual(policy.reverted, { iteration: 1, reason: "it broke a policy layer" });
});

test("the prompt after a rejection names it, and the rejected iteration is not the best so far", () => {
  const spec = makeSpec({ approval: { policy: "every-iteration" } });
  const records = [iteration(0, 0.5), iteration(1, 0.9, { approval: "rejected", approvalComment: "not like this" })];
  const facts = judgePromptFacts(spec, records, 2);
  assert.deepEqual(facts.rejected, { iteration: 1, comment: "not like this" });
  assert.equal(facts.reverted, null, "a rejection is said as a rejection, not as a revert");
  assert.equal(facts.best?.number, 0);
});

test("an agent failure or an interrupted try is neither reverted nor rejected; the prompt looks at what came before it", () => {
  const failed: IterationRecord = { ...iteration(2, 0), outcome: "AgentFailed", commit: null, metrics: {} };
  const facts = judgePromptFacts(makeSpec(), [iteration(0, 0.5), iteration(1, 0.8), failed], 3);
  assert.equal(facts.last?.number, 2);
  assert.equal(facts.reverted, null);
  const interrupted: IterationRecord = { ...iteration(3, 0), outcome: "Interrupted", commit: null, metrics: {} };
  assert.equal(judgePromptFacts(makeSpec(), [iteration(0, 0.5), iteration(1, 0.8), failed, interrupted], 3).last?.number, 2);
});

// ---- the judge and decide agree ----

const stepArb = fc.record({
  ratio: fc.constantFrom(0, 0.25, 0.5, 0.75, 0.9),
  outcome: fc.constantFrom("Evaluated" as const, "Evaluated" as const, "AgentFailed" as const),
  policyOk: fc.boolean(),
  approval: fc.constantFrom<ApprovalState>("approved", "rejected"),
});

test("in a simulated loop, each RunIteration starts from the commit the judge called accepted after the step before", () => {
  const specArb = fc
    .record({
      onRegression: fc.constantFrom("revert" as const, "keep" as const),
      policy: fc.constantFrom("never" as const, "on-converge" as const, "every-iteration" as const),
    })
    .map(({ onRegression, policy }) =>
      makeSpec({ stop: { onRegression, maxIterations: 30, stallIterations: 30 }, retry: { maxAgentFailures: 30, backoffSeconds: 0 }, approval: { policy } }),
    );
  fc.assert(
    fc.property(specArb, fc.constantFrom(0.25, 0.5), fc.array(stepArb, { maxLength: 15 }), (spec, baseline, steps) => {
      const records: IterationRecord[] = [iteration(0, baseline)];
      let accepted = judgeIteration(spec, [], records[0]).acceptedCommit;
      for (const step of steps) {
        let decision = decide(spec, { iterations: records, runStartedAt: T0, now: T0 });
        if (decision.kind === "AwaitApproval") {
          const number = decision.iteration;
          accepted = judgeApproval(spec, records, number, step.approval === "approved").acceptedCommit;
          const at = records.findIndex((record) => record.number === number);
          records[at] = { ...records[at], approval: step.approval };
          decision = decide(spec, { iterations: records, runStartedAt: T0, now: T0 });
        }
        if (decision.kind !== "RunIteration") return;
        assert.equal(decision.fromCommit, accepted, `iteration ${decision.number} starts where the judge said the loop stands`);
        const metrics: Metrics = step.outcome === "Evaluated" ? { "tests.pass_ratio": step.ratio } : {};
        const candidate: IterationRecord = {
          ...iteration(decision.number, 0),
          fromIteration: decision.fromIteration,
          fromCommit: decision.fromCommit,
          outcome: step.outcome,
          metrics,
          policyOk: step.policyOk,
          commit: step.outcome === "Evaluated" ? `c${decision.number}` : null,
        };
        // An agent failure is recorded without a verdict: the accepted commit stays.
        if (step.outcome === "Evaluated") accepted = judgeIteration(spec, records, candidate).acceptedCommit;
        records.push(candidate);
      }
    }),
    { numRuns: 1000 },
  );
});

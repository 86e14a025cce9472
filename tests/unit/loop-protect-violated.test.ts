// An iteration whose agent changed a protected path is never accepted and never converges the goal, whatever
// it measured; the next prompt says what was undone and why.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { buildPrompt } from "../../server/loop/build-prompt";
import { decide } from "../../server/loop/decide";
import type { IterationRecord, Metrics } from "../../server/loop/types";
import { walkHistory } from "../../server/loop/walk-history";
import { goalSpecSchema } from "../../server/spec/goal-spec";

const T0 = Date.UTC(2026, 0, 1);
const spec = goalSpecSchema.parse({
  intent: "make every test pass",
  workspace: { repo: "/tmp/repo" },
  agent: { executor: "demo" },
  metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
  evaluation: { layers: [{ name: "tests", run: "npm test", parse: "tap" }], protect: ["test/**", "package.json"] },
  stop: { maxIterations: 50, stallIterations: 50 },
});

function iteration(number: number, metrics: Metrics): IterationRecord {
  return {
    number,
    outcome: "Evaluated",
    fromIteration: number === 0 ? null : 0,
    fromCommit: number === 0 ? null : "c0",
    commit: `c${number}`,
    metrics,
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    finishedAt: T0 + number * 60_000,
  };
}

const history = (iterations: IterationRecord[]) => ({ iterations, runStartedAt: T0, now: T0 + 3_600_000 });

test("an iteration that meets every target but changed a protected path is not accepted, and the goal does not converge", () => {
  const records = [iteration(0, { "tests.pass_ratio": 0.5, "protect.violations": 0 }), iteration(1, { "tests.pass_ratio": 1, "protect.violations": 2 })];
  const walk = walkHistory(spec, records);
  assert.equal(walk.steps[1].accepted, false);
  assert.equal(walk.steps[1].assessment.meetsTargets, false);
  assert.equal(walk.best?.number, 0);
  assert.deepEqual(decide(spec, history(records)), { kind: "RunIteration", number: 2, fromIteration: 0, fromCommit: "c0", candidates: 1 });
  // The same measurement without the violation converges: the metric is what stops it.
  const honest = [records[0], iteration(1, { "tests.pass_ratio": 1, "protect.violations": 0 })];
  assert.deepEqual(decide(spec, history(honest)), { kind: "Converged", iteration: 1 });
});

test("whatever else was measured, no decision converges on an iteration with protect violations", () => {
  fc.assert(
    fc.property(fc.array(fc.record({ ratio: fc.constantFrom(0, 0.5, 1), violations: fc.constantFrom(0, 1, 3) }), { minLength: 1, maxLength: 8 }), (steps) => {
      const records = [
        iteration(0, { "tests.pass_ratio": 0, "protect.violations": 0 }),
        ...steps.map((step, i) => iteration(i + 1, { "tests.pass_ratio": step.ratio, "protect.violations": step.violations })),
      ];
      const decision = decide(spec, history(records));
      if (decision.kind === "Converged" || decision.kind === "AwaitApproval") {
        const converged = records.find((record) => record.number === decision.iteration)!;
        assert.equal(converged.metrics["protect.violations"], 0);
      }
      for (const step of walkHistory(spec, records).steps) if (step.record.metrics["protect.violations"] > 0) assert.equal(step.accepted, false);
    }),
  );
});

test("the next prompt names what was undone and why, and every prompt names the protected paths", () => {
  const prompt = buildPrompt({
    goal: "adder",
    spec,
    iteration: 2,
    fromIteration: 0,
    previous: null,
    best: null,
    rejection: null,
    denied: null,
    reverted: { iteration: 1, reason: "it changed protected paths" },
    protectUndone: {
      iteration: 1,
      violations: [
        { path: "package.json", change: "modified" },
        { path: "test/extra.test.js", change: "added" },
      ],
    },
  });
  assert.match(
    prompt,
    /Iteration 1 changed protected paths, which Setpoint undid before measuring: "package.json" \(modified\), "test\/extra.test.js" \(added\)\./,
  );
  assert.match(prompt, /never accepted/);
  assert.match(prompt, /These paths are protected: "test\/\*\*", "package.json"\./);
  const unprotected = goalSpecSchema.parse({ ...spec, evaluation: { layers: spec.evaluation.layers } });
  assert.doesNotMatch(
    buildPrompt({
      goal: "adder",
      spec: unprotected,
      iteration: 1,
      fromIteration: 0,
      previous: null,
      best: null,
      rejection: null,
      reverted: null,
      denied: null,
    }),
    /protected/,
  );
});

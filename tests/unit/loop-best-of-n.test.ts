// Best of N, the pure part: how many candidates an iteration runs (always, onStall escalation, the cost
// budget's cut) and which candidate it keeps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { goalSpecSchema, type GoalSpec, type GoalSpecInput } from "../../server/spec/goal-spec";
import { decide } from "../../server/loop/decide";
import { pickCandidate, type CandidateResult } from "../../server/loop/pick-candidate";
import type { History, IterationRecord, Metrics } from "../../server/loop/types";

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

function makeSpec(overrides: Partial<GoalSpecInput> = {}): GoalSpec {
  return goalSpecSchema.parse({
    intent: "make every test pass",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "command", command: "./agent.sh" },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.exit_code", target: "== 0" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test", parse: "tap" },
        { name: "lint", run: "npm run lint" },
      ],
    },
    ...overrides,
  });
}

function iteration(number: number, metrics: Metrics, extra: Partial<IterationRecord> = {}): IterationRecord {
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
    finishedAt: T0 + (number + 1) * MINUTE,
    ...extra,
  };
}

const history = (iterations: IterationRecord[]): History => ({ iterations, runStartedAt: T0, now: T0 + 30 * MINUTE });
const m = (ratio: number, lint = 0): Metrics => ({ "tests.pass_ratio": ratio, "lint.exit_code": lint });
const result = (number: number, metrics: Metrics, extra: Partial<CandidateResult> = {}): CandidateResult => ({
  number,
  outcome: "Evaluated",
  metrics,
  policyOk: true,
  changedLines: 10,
  costUsd: 0.1,
  ...extra,
});

test("strategy always: every iteration runs N candidates", () => {
  const spec = makeSpec({ strategy: { candidates: 3 } });
  const next = decide(spec, history([iteration(0, m(0.5))]));
  assert.deepEqual(next, { kind: "RunIteration", number: 1, fromIteration: 0, fromCommit: "c0", candidates: 3 });
});

test("strategy onStall: one candidate until the loop would stall, then N once, then it stalls", () => {
  const spec = makeSpec({ strategy: { candidates: 4, when: "onStall" }, stop: { stallIterations: 2 } });
  const flat = [iteration(0, m(0.5)), iteration(1, m(0.5)), iteration(2, m(0.5))];
  assert.equal((decide(spec, history(flat.slice(0, 2))) as { candidates: number }).candidates, 1);
  const escalated = decide(spec, history(flat));
  assert.equal(escalated.kind, "RunIteration");
  assert.equal((escalated as { candidates: number }).candidates, 4);
  assert.match((escalated as { note: string }).note, /runs 4 candidates \(strategy.when: onStall\)/);
  const afterEscalation = decide(spec, history([...flat, iteration(3, m(0.5), { candidates: 4 })]));
  assert.equal(afterEscalation.kind, "Stalled");
});

test("the cost budget cuts N to what it can afford, and says so", () => {
  const spec = makeSpec({ strategy: { candidates: 4 }, stop: { maxCostUsd: 1 } });
  // Iteration 1 ran 4 candidates for $0.40 in all: $0.10 each; $0.50 is left after it and the baseline's $0.10.
  const records = [iteration(0, m(0.5), { costUsd: 0.1 }), iteration(1, m(0.6), { candidates: 4, costUsd: 0.4 })];
  const next = decide(spec, history(records)) as { kind: string; candidates: number; note: string };
  assert.equal(next.kind, "RunIteration");
  assert.equal(next.candidates, 4);
  const poorer = decide(spec, history([records[0], { ...records[1], costUsd: 0.8 }])) as { candidates: number; note: string };
  // $0.10 left, $0.20 each: one candidate, never none.
  assert.equal(poorer.candidates, 1);
  assert.match(poorer.note, /affords 1 of 4 candidates/);
});

test("the kept candidate meets the most targets, then is closest; ties go to the smaller change, then the cheaper", () => {
  const spec = makeSpec();
  const before = [iteration(0, m(0.5, 1))];
  const pick = pickCandidate(spec, before, 1, [result(1, m(0.8, 0)), result(2, m(1, 0)), result(3, m(0.9, 1))]);
  assert.equal(pick.winner, 2);
  assert.match(pick.reasons[2], /2 of 2 targets met/);
  assert.match(pick.reasons[1], /1 of 2 targets met, against 2 for candidate 2/);
  const tie = pickCandidate(spec, before, 1, [
    result(1, m(1, 0), { changedLines: 40 }),
    result(2, m(1, 0), { changedLines: 5, costUsd: 0.5 }),
    result(3, m(1, 0), { changedLines: 5, costUsd: 0.2 }),
  ]);
  assert.equal(tie.winner, 3);
  assert.match(tie.reasons[1], /larger change \(40 lines against 5\)/);
  assert.match(tie.reasons[2], /cost more/);
});

test("a candidate that changed protected paths or broke a policy loses to an honest one, and failed agents never win", () => {
  const spec = makeSpec();
  const before = [iteration(0, m(0.5, 1))];
  const pick = pickCandidate(spec, before, 1, [
    result(1, { ...m(1, 0), "protect.violations": 2 }),
    result(2, m(0.6, 1)),
    result(3, {}, { outcome: "AgentFailed" }),
  ]);
  assert.equal(pick.winner, 2);
  assert.match(pick.reasons[1], /changed protected paths/);
  assert.match(pick.reasons[3], /agent failed/);
  assert.equal(pickCandidate(spec, before, 1, [result(1, {}, { outcome: "AgentFailed" })]).winner, null);
});

test("strategy.executors are checked against the goal's agent and its reviewers", () => {
  const base = { intent: "x", workspace: { repo: "/tmp/repo" }, metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }] };
  const reviewer = { name: "review", agent: { executor: "codex" } };
  const graded = goalSpecSchema.safeParse({
    ...base,
    agent: { executor: "claude-code" },
    strategy: { candidates: 2, executors: ["claude-code", "codex"] },
    evaluation: { layers: [{ name: "tests", run: "true" }, reviewer] },
  });
  assert.equal(graded.success, false);
  assert.match(JSON.stringify(graded.error!.issues), /different executor than every maker/);
  const command = goalSpecSchema.safeParse({
    ...base,
    agent: { executor: "claude-code" },
    strategy: { executors: ["command"] },
    evaluation: { layers: [{ name: "tests", run: "true" }] },
  });
  assert.equal(command.success, false);
  assert.deepEqual(command.error!.issues[0].path, ["strategy", "executors", 0, "executor"]);
  const ok = goalSpecSchema.parse({
    ...base,
    agent: { executor: "claude-code" },
    strategy: { candidates: 2, executors: ["claude-code", { executor: "codex", model: "gpt-5" }] },
    evaluation: { layers: [{ name: "tests", run: "true" }] },
  });
  assert.deepEqual(ok.strategy.executors, [{ executor: "claude-code" }, { executor: "codex", model: "gpt-5" }]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import type { GoalEvent, GoalObject, IterationObject } from "../../server/cli/api-types";
import { formatAge, formatDuration } from "../../server/cli/format/format-age";
import { formatMetrics, formatNumber, formatUsd } from "../../server/cli/format/format-metrics";
import { formatTable } from "../../server/cli/format/format-table";
import { formatGoalTable } from "../../server/cli/format/format-goal-table";
import { formatIterationTable } from "../../server/cli/format/format-iteration-table";
import { iterationInRun } from "../../server/goals/iteration-in-run";
import { formatGoalDescription } from "../../server/cli/format/format-goal-description";
import { formatLogs } from "../../server/cli/format/format-logs";
import { formatObject } from "../../server/cli/format/format-object";

const NOW = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

function goal(
  overrides: { name?: string; phase?: string; iteration?: number | null; runFrom?: number; best?: number | null; metrics?: Record<string, number> } = {},
): GoalObject {
  const iteration = overrides.iteration === undefined ? 3 : overrides.iteration;
  const runFromIteration = overrides.runFrom ?? 0;
  return {
    apiVersion: "setpoint.dev/v1",
    kind: "Goal",
    metadata: { name: overrides.name ?? "fix-tests", labels: { team: "core" }, generation: 2, uid: "u1", creationTimestamp: ago(3 * 3_600_000) },
    spec: goalSpecSchema.parse({
      intent: "Make the failing tests pass\nwithout touching the fixtures",
      workspace: { repo: "/src/app" },
      agent: { executor: "claude-code", model: "sonnet" },
      metrics: [
        { metric: "tests.pass_ratio", target: ">= 1" },
        { metric: "lint.ok", target: "== 1" },
      ],
      evaluation: {
        layers: [
          { name: "tests", run: "npm test", parse: "tap" },
          { name: "lint", run: "npm run lint" },
          { name: "guard", policy: { forbidPaths: ["tests/**"] } },
          { name: "review", agent: { executor: "codex" } },
        ],
      },
      stop: { maxIterations: 10, maxCostUsd: 5 },
      approval: { policy: "on-converge", approvers: ["bob", "carol"], timeoutMinutes: 60, onTimeout: "fail" },
    }),
    status: {
      phase: overrides.phase ?? "Running",
      reason: "Improving",
      message: "iteration 3 raised tests.pass_ratio",
      conditions: [{ type: "Ready", status: "False", reason: "TargetsNotMet", message: "tests.pass_ratio is 0.8", lastTransitionTime: ago(120_000) }],
      observedGeneration: 2,
      iteration,
      runIteration: iterationInRun({ currentIteration: iteration, runFromIteration }),
      runFromIteration,
      bestIteration: overrides.best === undefined ? 2 : overrides.best,
      metrics: overrides.metrics ?? { "tests.pass_ratio": 0.8, "lint.ok": 1, "tests.failures": 2 },
      costUsd: 0.4213,
      startedAt: ago(12 * 60_000),
      runner: "runner-1",
      acceptedCommit: "0123456789abcdef",
      lastResyncAt: null,
      nextResyncAt: null,
      pullRequest: null,
    },
  };
}

function iteration(number: number, overrides: Partial<IterationObject> = {}): IterationObject {
  return {
    number,
    phase: "Evaluated",
    commit: `${number}abcdef0123456789`,
    fromCommit: null,
    fromIteration: number === 0 ? null : number - 1,
    metrics: { "tests.pass_ratio": 0.5 + number / 10, "lint.ok": 1 },
    regression: false,
    accepted: true,
    approval: null,
    approvalComment: null,
    costUsd: 0.1,
    costKnown: true,
    tokensIn: 10,
    tokensOut: 5,
    startedAt: ago((10 - number) * 60_000),
    finishedAt: ago((10 - number) * 60_000 - 30_000),
    agentError: null,
    candidates: 1,
    winner: null,
    ...overrides,
  };
}

test("ages use one unit, rounded down, like kubectl", () => {
  assert.equal(formatDuration(5_400), "5s");
  assert.equal(formatDuration(3 * 60_000 + 59_000), "3m");
  assert.equal(formatDuration(2 * 3_600_000 + 1), "2h");
  assert.equal(formatDuration(4 * 86_400_000 + 5 * 3_600_000), "4d");
  assert.equal(formatDuration(-1000), "0s", "a clock a little ahead never shows a negative age");
  assert.equal(formatAge(ago(90_000), NOW), "1m");
  assert.equal(formatAge(null, NOW), "-");
  assert.equal(formatAge("not a date", NOW), "-");
});

test("metrics are compact key=value pairs, picked and ordered by the given names", () => {
  const metrics = { "tests.pass_ratio": 0.8, "lint.ok": 1, "tests.failures": 2 };
  assert.equal(formatMetrics(metrics), "lint.ok=1 tests.failures=2 tests.pass_ratio=0.8");
  assert.equal(formatMetrics(metrics, ["tests.pass_ratio", "lint.ok", "missing.metric"]), "tests.pass_ratio=0.8 lint.ok=1");
  assert.equal(formatNumber(2 / 3), "0.667");
  assert.equal(formatNumber(12), "12");
  assert.equal(formatNumber(Number.NaN), "NaN");
  assert.equal(formatUsd(0.4213), "$0.42");
});

test("tables pad columns three spaces apart and leave no trailing spaces", () => {
  const table = formatTable(
    ["NAME", "PHASE", "REASON"],
    [
      ["a", "Running", ""],
      ["long-name", "Converged", "TargetsMet"],
    ],
  );
  assert.equal(table, ["NAME        PHASE       REASON", "a           Running", "long-name   Converged   TargetsMet", ""].join("\n"));
});

test("the goals table shows iteration of max, best, target metrics, reason and age", () => {
  const table = formatGoalTable([goal(), goal({ name: "new-goal", phase: "Queued", iteration: null, best: null, metrics: {} })], NOW);
  const [header, first, second] = table.trimEnd().split("\n");
  assert.deepEqual(header.split(/\s{2,}/), ["NAME", "PHASE", "ITERATION", "BEST", "METRICS", "REASON", "AGE"]);
  assert.deepEqual(first.split(/\s{2,}/), ["fix-tests", "Running", "3/10", "2", "tests.pass_ratio=0.8 lint.ok=1", "Improving", "3h"]);
  assert.deepEqual(second.split(/\s{2,}/), ["new-goal", "Queued", "-/10", "-", "-", "Improving", "3h"]);
  const rerun = formatGoalTable([goal({ name: "rerun", iteration: 7, runFrom: 5 })], NOW).split("\n")[1];
  assert.equal(rerun.split(/\s{2,}/)[2], "3/10", "a re-run counts its own iterations against the limit, as the board does");
  const wide = formatGoalTable([goal()], NOW, { wide: true });
  assert.match(wide, /COST\s+RUNNER\s+LABELS/);
  assert.match(wide, /\$0\.42\/\$5\.00\s+runner-1\s+team=core/);
  assert.match(wide, /tests\.failures=2/, "wide shows every metric, not only the targets");
});

test("the iterations table shows short commits, metrics, regressions, cost and age in order", () => {
  const table = formatIterationTable(
    [iteration(2, { regression: true }), iteration(0, { commit: null, metrics: {}, agentError: "exit 1" }), iteration(3, { costUsd: 0, costKnown: false })],
    NOW,
  );
  const rows = table
    .trimEnd()
    .split("\n")
    .map((line) => line.split(/\s{2,}/));
  assert.deepEqual(rows[0], ["#", "PHASE", "COMMIT", "METRICS", "REGRESSION", "COST", "AGE"]);
  assert.deepEqual(rows[1], ["0", "Evaluated", "-", "agent failed", "no", "$0.10", "10m"]);
  assert.deepEqual(rows[2], ["2", "Evaluated", "2abcdef", "lint.ok=1 tests.pass_ratio=0.7", "yes", "$0.10", "8m"]);
  assert.deepEqual(
    rows[3],
    ["3", "Evaluated", "3abcdef", "lint.ok=1 tests.pass_ratio=0.8", "no", "unknown", "7m"],
    "an agent that prints no cost (codex, gemini-cli) did not run for free",
  );
});

test("describe shows spec, targets against the latest values, status, conditions, iterations and events", () => {
  const events: GoalEvent[] = Array.from({ length: 25 }, (_, index) => ({
    type: "Normal",
    reason: `Step${index}`,
    message: `step ${index}`,
    actor: "runner-1",
    createdAt: ago((25 - index) * 1000),
  }));
  // Started 12 minutes ago, of which 7 count against the duration budget (a pause left out), as on the dashboard.
  const forecast = {
    kind: "projected" as const,
    message: "about 4 more iterations (3 at best, up to 6), set by tests.pass_ratio",
    slowest: "tests.pass_ratio",
    iterations: { estimate: 4, low: 3, high: 6 },
    costUsd: { estimate: 0.56, low: 0.42, high: 0.84 },
    minutes: { estimate: 10, low: 7.5, high: 15 },
    warnings: [{ budget: "time" as const, kind: "projected" as const, message: "at the current rate, the run needs 18 min of stop.maxDurationMinutes 15 min" }],
  };
  const budgets = {
    iterations: { used: 3, limit: 10 },
    minutes: { used: 7.4, limit: 120 },
    costUsd: { used: 0.42, limit: 5 },
    startedAt: ago(12 * 60_000),
    forecast,
  };
  const text = formatGoalDescription(goal(), [iteration(1), iteration(3, { metrics: { "tests.pass_ratio": 0.9, "lint.ok": 1 } })], events, budgets, NOW);
  for (const label of [
    "Name:",
    "Labels:",
    "Generation:",
    "Intent:",
    "Workspace:",
    "Agent:",
    "Targets:",
    "Layers:",
    "Stop:",
    "Approval:",
    "Status:",
    "Conditions:",
    "Iterations:",
    "Events:",
  ]) {
    assert.match(text, new RegExp(`^\\s*${label}`, "m"), `has ${label}`);
  }
  assert.match(text, /tests\.pass_ratio\s+>= 1\s+0\.9\s+✗/, "the latest iteration's value, not met");
  assert.match(text, /lint\.ok\s+== 1\s+1\s+✓/);
  assert.match(text, /Intent:\s+Make the failing tests pass\n\s+without touching the fixtures/, "a multi-line intent stays aligned");
  assert.match(text, /Cost:\s+\$0\.42 \/ \$5\.00/);
  assert.match(text, /Elapsed:\s+7m \/ 120m/, "the budget's clock, not the wall clock since the start");
  assert.match(
    text,
    /Forecast:\s+about 4 more iterations \(3 at best, up to 6\), set by tests\.pass_ratio; about \$0\.56 and 10m more; warning: at the current rate, the run needs 18 min of stop\.maxDurationMinutes 15 min$/m,
  );
  assert.match(text, /review\s+agent\s+reviewer: codex/);
  assert.match(text, /guard\s+policy\s+forbid tests\/\*\*/);
  assert.match(text, /Ready\s+False\s+TargetsNotMet/);
  assert.match(text, /APPROVAL/, "approval column when the goal needs approvals");
  assert.match(
    text,
    /Approval:\s+on-converge; four eyes \(not its creator or last editor\); only bob, carol; after 60m unanswered: fail/,
    "who may decide, and what a timeout does",
  );
  assert.doesNotMatch(text, /Step4\b/, "only the last 20 events");
  assert.match(text, /Step5\b/);
  assert.match(text, /Step24\b/);
  assert.ok(!text.split("\n").some((line) => line.endsWith(" ")), "no trailing spaces");
});

test("logs head the prompt, the agent output and each layer with its verdict", () => {
  const text = formatLogs({
    iteration: 3,
    phase: "Evaluated",
    prompt: "Make tests pass",
    agentError: null,
    transcript: null,
    agentOutput: "",
    diff: "",
    layers: [
      { name: "tests", kind: "run", ok: false, exitCode: 1, durationMs: 2500, log: "not ok 1\n" },
      { name: "guard", kind: "policy", ok: true, exitCode: null, durationMs: 12, log: "" },
    ],
  });
  assert.match(text, /==> iteration 3 \(Evaluated\): prompt <==\nMake tests pass\n/);
  assert.match(text, /==> iteration 3: agent output <==\n\(empty\)\n/);
  assert.match(text, /==> layer tests \(run\): ✗ failed, exit 1, 2s <==\nnot ok 1\n/);
  assert.match(text, /==> layer guard \(policy\): ✓ passed, no exit code, 12ms <==/);
});

test("logs say why the agent failed, and which tool calls its permissions denied, before its raw output", () => {
  const text = formatLogs({
    iteration: 2,
    phase: "AgentFailed",
    prompt: "p",
    agentOutput: "{}",
    diff: "",
    layers: [],
    agentError: "the model API refused claude's request with HTTP 400 (invalid_request_error): prompt is too long",
    transcript: {
      sessionId: "s-1",
      resumeCommand: "cd /w && claude --resume s-1",
      steps: [],
      stepsLeftOut: 0,
      filesTouched: ["sum.mjs"],
      commandsRun: [],
      denials: [{ tool: "Bash", summary: "npm test" }],
    },
  });
  assert.match(
    text,
    /==> iteration 2: the agent failed <==\nthe model API refused claude's request with HTTP 400 \(invalid_request_error\): prompt is too long\n/,
  );
  assert.match(
    text,
    /==> iteration 2: what the agent did <==\ndenied by agent.permissions: Bash: npm test\nfiles touched: sum.mjs\ncommands run: none\nsession: s-1\nresume: cd \/w && claude --resume s-1\n\n==> iteration 2: agent output <==/,
  );
});

test("-o json and -o yaml print the object as returned", () => {
  assert.deepEqual(JSON.parse(formatObject({ a: [1, "x"] }, "json")), { a: [1, "x"] });
  assert.equal(formatObject({ a: [1, "x"] }, "yaml"), "a:\n  - 1\n  - x\n");
});

test("describe shows a relative target's resolved value, or why it has none", () => {
  const budgets = { iterations: { used: 2, limit: 10 }, minutes: { used: 1, limit: 120 }, costUsd: { used: 0, limit: 5 }, startedAt: null, forecast: null };
  const base = goal({ best: 1 });
  const relative: GoalObject = {
    ...base,
    spec: {
      ...base.spec,
      metrics: [
        { metric: "tests.pass_ratio", target: ">= best - 0.05" },
        { metric: "lint.ok", target: "<= baseline * 1.05" },
      ],
    },
  };
  const measured = [
    iteration(0, { fromIteration: null, metrics: { "tests.pass_ratio": 0.5, "lint.ok": 1.2 } }),
    iteration(1, { fromIteration: 0, metrics: { "tests.pass_ratio": 0.9, "lint.ok": 1.25 } }),
  ];
  const text = formatGoalDescription(relative, measured, [], budgets, NOW);
  assert.match(text, /tests\.pass_ratio\s+>= best - 0\.05 \(= 0\.85\)\s+0\.9\s+✓/);
  assert.match(text, /lint\.ok\s+<= baseline \* 1\.05 \(= 1\.26\)\s+1\.25\s+✓/);
  const unmeasured = formatGoalDescription(
    relative,
    [iteration(0, { fromIteration: null, metrics: { "tests.pass_ratio": 0.5 } }), measured[1]],
    [],
    budgets,
    NOW,
  );
  assert.match(unmeasured, /lint\.ok\s+<= baseline \* 1\.05 \(unresolved: the baseline did not measure lint\.ok\)\s+1\.25\s+✗/);
});

test("describe says plainly what an unsandboxed goal's agent can do, and what bwrap holds it to", () => {
  const budgets = { iterations: { used: 0, limit: 10 }, minutes: { used: 0, limit: 120 }, costUsd: { used: 0, limit: 5 }, startedAt: null, forecast: null };
  const plain = goal();
  assert.equal(plain.spec.sandbox, "none");
  assert.match(
    formatGoalDescription(plain, [], [], budgets, NOW),
    /^Sandbox:\s+none: .*a runner that is not root runs them as itself, and then this goal's agent can act as the installation \(read its admin token and its database\)\. .*Use sandbox: bwrap/m,
  );
  assert.match(
    formatGoalDescription(plain, [], [], budgets, NOW),
    /^Sandbox:\s+none: .*a PID namespace of its own where the runner can make one .*where it cannot \(the runner's log says so when it starts\), a process that left its process group \(setsid\) outlives the agent/m,
  );
  const boxed: GoalObject = { ...plain, spec: { ...plain.spec, sandbox: "bwrap", network: false } };
  assert.match(
    formatGoalDescription(boxed, [], [], budgets, NOW),
    /^Sandbox:\s+bwrap, network off: the file system read-only but the worktree and the goal's home/m,
  );
});

test("describe shows the resync schedule with its last and next run", () => {
  const budgets = {
    iterations: { used: 3, limit: 10 },
    minutes: { used: 7.4, limit: 120 },
    costUsd: { used: 0.42, limit: 5 },
    startedAt: ago(12 * 60_000),
    forecast: null,
  };
  const plain = goal({ phase: "Converged" });
  assert.match(formatGoalDescription(plain, [], [], budgets, NOW), /^Resync:\s+<none>$/m);
  const scheduled: GoalObject = {
    ...plain,
    spec: { ...plain.spec, triggers: { ...plain.spec.triggers, schedule: "0 * * * *" } },
    status: { ...plain.status, lastResyncAt: ago(5 * 60_000), nextResyncAt: new Date(NOW.getTime() + 55 * 60_000).toISOString() },
  };
  assert.match(
    formatGoalDescription(scheduled, [], [], budgets, NOW),
    /^Resync:\s+0 \* \* \* \* \(UTC\); last 5m ago; next 2026-11-25T12:55:00\.000Z \(in 55m\)$/m,
  );
  const never = { ...scheduled, status: { ...scheduled.status, lastResyncAt: null, nextResyncAt: null } };
  assert.match(formatGoalDescription(never, [], [], budgets, NOW), /^Resync:\s+0 \* \* \* \* \(UTC\); last never; next once converged$/m);
});

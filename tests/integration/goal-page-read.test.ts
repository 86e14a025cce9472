import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Prisma } from "../../server/generated/prisma/client";
import { readGoalPage } from "../../server/goals/read-goal-page";
import { readGoalBudgets } from "../../server/goals/read-goal-status";
import { budgetsUsed } from "../../server/loop/budgets-used";
import { decide } from "../../server/loop/decide";
import { loadGoalState } from "../../server/runner/load-goal-state";
import { FLAG } from "../../server/goals/read-goal-chart";
import { setPhase, type PhaseChange } from "../../server/goals/set-phase";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const spec = (stop: Record<string, unknown> = {}) => ({
  intent: "make the tests pass",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [
    { metric: "tests.pass_ratio", target: ">= 1" },
    { metric: "lint.errors", target: "<= 0" },
  ],
  evaluation: {
    layers: [
      { name: "tests", run: "true" },
      { name: "lint", run: "true" },
      { name: "guard", policy: { forbidPaths: ["test/**"] } },
    ],
  },
  stop: { maxIterations: 10, maxDurationMinutes: 60, maxCostUsd: 2, ...stop },
});

type Row = Partial<Prisma.IterationCreateManyInput> & { number: number };

async function seed(name: string, rows: Row[], goal: Prisma.GoalUpdateInput = {}, stop: Record<string, unknown> = {}) {
  await harness.apply(name, spec(stop));
  const { id } = await harness.goal(name);
  await harness.db.iteration.createMany({
    data: rows.map((row) => ({
      goalId: id,
      generation: 1,
      phase: "Evaluated",
      leaseEpoch: 1,
      commit: `c${row.number}`,
      prompt: "a long prompt",
      diff: "a long diff",
      ...row,
    })),
  });
  await harness.db.goal.update({ where: { id }, data: goal });
  return id;
}

test("the chart holds each target metric per iteration, with regressions, rejections, policy failures and the best marked", async () => {
  const t0 = new Date(Date.now() - 10 * 60_000);
  await seed(
    "charted",
    [
      { number: 0, metrics: { "tests.pass_ratio": 0.5, "lint.errors": 3, "tests.total": 10 }, accepted: true },
      { number: 1, metrics: { "tests.pass_ratio": 0.8, "lint.errors": 1 }, accepted: true },
      { number: 2, metrics: { "tests.pass_ratio": 0.6, "lint.errors": 1 }, regression: true },
      { number: 3, metrics: { "tests.pass_ratio": 0.9, "lint.errors": 0 }, approval: "rejected", approvalComment: "no" },
      { number: 4, metrics: { "tests.pass_ratio": 1, "lint.errors": 0 }, policyOk: false },
      { number: 5, phase: "AgentFailed", metrics: {} },
      { number: 6, metrics: { "tests.pass_ratio": 1, "lint.errors": 0 }, accepted: true, costUsd: 0.25 },
      { number: 7, phase: "Running", metrics: {}, finishedAt: null },
    ],
    { bestIteration: 6, runStartedAt: t0 },
  );

  const page = await readGoalPage(harness.db, "charted");
  assert.ok(page);
  const { chart } = page;
  assert.deepEqual(chart.numbers, [0, 1, 2, 3, 4, 5, 6], "a running iteration is not plotted until it is measured");
  assert.deepEqual(
    chart.series.map((series) => [series.metric, series.target]),
    [
      ["tests.pass_ratio", ">= 1"],
      ["lint.errors", "<= 0"],
    ],
  );
  assert.deepEqual(chart.series[0].values, [0.5, 0.8, 0.6, 0.9, 1, null, 1]);
  assert.deepEqual(chart.series[1].values, [3, 1, 1, 0, 0, null, 0]);
  assert.equal(chart.flags[2], FLAG.regression);
  assert.equal(chart.flags[3], FLAG.rejected);
  assert.equal(chart.flags[4], FLAG.policyFailed);
  assert.equal(chart.flags[5], FLAG.agentFailed);
  assert.deepEqual([chart.flags[0], chart.flags[1], chart.flags[6]], [0, 0, 0]);
  assert.equal(chart.best, 6);
  assert.ok(!JSON.stringify(chart).includes("tests.total"), "only target metrics are sent to the chart");
  assert.ok(!JSON.stringify(page).includes("a long diff") && !JSON.stringify(page).includes("a long prompt"), "prompts and diffs stay in the database");

  // The list shows display phases (the goal-object rules), newest first.
  assert.deepEqual(
    page.iterations.rows.map((row) => [row.number, row.phase]),
    [
      [7, "Running"],
      [6, "Accepted"],
      [5, "AgentFailed"],
      [4, "PolicyFailed"],
      [3, "Rejected"],
      [2, "Reverted"],
      [1, "Accepted"],
      [0, "Accepted"],
    ],
  );
});

test("budgets count this run only: iterations after the baseline, cost, and time until the run ended", async () => {
  const started = new Date(Date.now() - 30 * 60_000);
  const minute = (n: number) => new Date(started.getTime() + n * 60_000);
  await seed(
    "budgeted",
    [
      { number: 0, metrics: { "tests.pass_ratio": 0.5 }, costUsd: 0, finishedAt: minute(1) },
      { number: 1, fromIteration: 0, metrics: { "tests.pass_ratio": 0.6 }, costUsd: 0.5, finishedAt: minute(2) },
      { number: 2, fromIteration: 1, phase: "AgentFailed", costUsd: 0.25, finishedAt: minute(3) },
      // A new run (a re-run) began at iteration 3.
      { number: 3, fromIteration: 1, metrics: { "tests.pass_ratio": 0.7 }, costUsd: 0.1, finishedAt: minute(14) },
      { number: 4, fromIteration: 3, phase: "Interrupted", costUsd: 0.05, finishedAt: minute(15) },
      { number: 5, fromIteration: 3, metrics: { "tests.pass_ratio": 0.8 }, costUsd: 0.2, finishedAt: minute(20) },
    ],
    { runFromIteration: 3, runStartedAt: minute(10), phase: "Stalled" },
  );

  const page = await readGoalPage(harness.db, "budgeted");
  assert.ok(page);
  assert.deepEqual(page.budgets.iterations, { used: 2, limit: 10 }, "iterations 3 and 5; an interrupted one is redone, not used up");
  assert.equal(page.budgets.costUsd.limit, 2);
  assert.ok(Math.abs(page.budgets.costUsd.used - 0.35) < 1e-9, `cost of iterations 3-5, found ${page.budgets.costUsd.used}`);
  assert.equal(page.budgets.minutes.limit, 60);
  assert.ok(Math.abs(page.budgets.minutes.used - 10) < 0.01, `an ended run's clock stops at its last iteration, found ${page.budgets.minutes.used} minutes`);
  assert.equal(page.run.fromIteration, 3);

  // A paused goal's clock stops when it was paused.
  await harness.db.goal.update({ where: { name: "budgeted" }, data: { phase: "Paused", heldSince: minute(12) } });
  const paused = await readGoalPage(harness.db, "budgeted");
  assert.ok(Math.abs(paused!.budgets.minutes.used - 2) < 0.01, `found ${paused!.budgets.minutes.used}`);
});

test("the page counts a run's budgets as decide does: a converged goal's re-run measures its commit again, which uses up no iteration", async () => {
  const started = new Date(Date.now() - 30 * 60_000);
  const minute = (n: number) => new Date(started.getTime() + n * 60_000);
  const id = await seed(
    "rerun-budget",
    [
      { number: 0, metrics: { "tests.pass_ratio": 0.5, "lint.errors": 0 }, finishedAt: minute(1) },
      { number: 1, fromIteration: 0, metrics: { "tests.pass_ratio": 1, "lint.errors": 0 }, costUsd: 0.5, finishedAt: minute(2) },
      // Converged at 1, then run again: iteration 2 measures that commit again (a baseline), then the agent works.
      { number: 2, metrics: { "tests.pass_ratio": 0.5, "lint.errors": 0 }, finishedAt: minute(11) },
      { number: 3, fromIteration: 2, metrics: { "tests.pass_ratio": 0.75, "lint.errors": 0 }, costUsd: 0.25, finishedAt: minute(12) },
      { number: 4, fromIteration: 3, phase: "AgentFailed", costUsd: 0.1, finishedAt: minute(13) },
      { number: 5, fromIteration: 3, phase: "Running", metrics: {}, finishedAt: null },
    ],
    { runFromIteration: 2, runStartedAt: minute(10), phase: "Running" },
    { maxIterations: 3 },
  );

  const budgets = await readGoalBudgets(harness.db, "rerun-budget");
  const state = await loadGoalState(harness.db, id);
  const used = budgetsUsed(state.history.iterations, state.history);
  assert.deepEqual(budgets.iterations, { used: 2, limit: 3 }, "iterations 3 and 4: the re-run's baseline and the running one use none");
  assert.equal(used.iterations, budgets.iterations.used, "decide counts the same");
  assert.ok(
    Math.abs(budgets.costUsd.used - 0.35) < 1e-9 && Math.abs(used.costUsd - budgets.costUsd.used) < 1e-9,
    `cost of this run, found ${budgets.costUsd.used} and ${used.costUsd}`,
  );

  // One more iteration uses the budget up, on the page and for the loop alike.
  await harness.db.iteration.update({
    where: { goalId_number: { goalId: id, number: 5 } },
    data: { phase: "Evaluated", metrics: { "tests.pass_ratio": 0.75, "lint.errors": 0 }, finishedAt: minute(14) },
  });
  const after = await readGoalBudgets(harness.db, "rerun-budget");
  const spent = await loadGoalState(harness.db, id);
  assert.deepEqual(after.iterations, { used: 3, limit: 3 });
  const decision = decide(spent.spec, spent.history);
  assert.equal(decision.kind, "Exhausted");
  assert.match((decision as { message: string }).message, /^used 3 of 3 iterations/);
});

test("a run that failed before any iteration finished stops its clock when it stopped progressing, and its start is its first iteration's", async () => {
  const started = new Date(Date.now() - 30 * 60_000);
  const seconds = (n: number) => new Date(started.getTime() + n * 1000);
  const conditions = [
    { type: "Progressing", status: "False", reason: "WorkspaceError", message: "no repository", lastTransitionTime: seconds(6).toISOString() },
  ];
  await seed("failed-early", [{ number: 0, phase: "Interrupted", metrics: {}, startedAt: seconds(2), finishedAt: null }], {
    phase: "Failed",
    runStartedAt: seconds(0),
    conditions,
  });
  // A later write to the row (updatedAt moves) must not move the clock.
  await harness.db.goal.update({ where: { name: "failed-early" }, data: { message: "touched later" } });
  const page = await readGoalPage(harness.db, "failed-early");
  assert.ok(Math.abs(page!.budgets.minutes.used - 0.1) < 0.001, `6 s, found ${page!.budgets.minutes.used * 60} s`);
  assert.equal(page!.budgets.startedAt, seconds(2).toISOString(), "the run's first iteration started it");
});

test("the run's clock never goes down: a goal that converged after waiting at a gate shows the time it worked, which is what its duration budget counted", async () => {
  const started = new Date();
  const id = await seed("gated-clock", [], { phase: "Running", runStartedAt: started });
  const change = (asked: PhaseChange) => harness.db.$transaction((tx) => setPhase(tx, id, asked));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(300); // the agent works
  await harness.db.iteration.create({
    data: { goalId: id, number: 1, generation: 1, phase: "Evaluated", leaseEpoch: 1, finishedAt: new Date(), approval: "pending" },
  });
  await change({ phase: "AwaitingApproval", reason: "AwaitingApproval", message: "waiting" });
  const atGate = (await readGoalPage(harness.db, "gated-clock"))!.budgets.minutes.used;
  await sleep(1200); // a person takes their time
  await change({ phase: "Queued", reason: "Approved", message: "approved" });
  await change({ phase: "Running", reason: "Claimed", message: "claimed" });
  await sleep(100);
  await change({ phase: "Converged", reason: "TargetsMet", message: "every target holds" });

  const goal = await harness.goal("gated-clock");
  const events = await harness.db.event.findMany({ where: { goalId: id }, orderBy: { id: "asc" } });
  const at = (type: string) => events.findLast((event) => event.type === type)!.createdAt.getTime();
  const converged = (await readGoalPage(harness.db, "gated-clock"))!.budgets.minutes.used * 60_000;
  assert.ok(converged >= atGate * 60_000, `${converged} ms once converged, ${atGate * 60_000} ms at the gate`);
  // What decide() measured the duration budget against when it converged: the same clock.
  assert.equal(converged, at("Converged") - goal.runStartedAt!.getTime());
  // The time it worked: up to the gate, and from the approval to the convergence; the 1.2 s wait left out.
  const worked = atGate * 60_000 + at("Converged") - at("Queued");
  assert.ok(Math.abs(converged - worked) < 50, `worked ${worked} ms, shown ${converged} ms`);
  assert.ok(converged >= 400, `at least the 400 ms the loop slept, found ${converged} ms`);
  assert.ok(at("Converged") - started.getTime() - converged >= 1150, "the wait at the gate is not counted");
});

test("a running goal's page forecasts this run from its measured trend and warns when the projection passes a budget; an ended run has none", async () => {
  const started = new Date(Date.now() - 30 * 60_000);
  const minute = (n: number) => new Date(started.getTime() + n * 60_000);
  // An earlier run (iterations 0-2) does not count; this run began at 3 (a re-measure) and gains 0.1 a try at $0.25 each.
  await seed(
    "forecast",
    [0, 1, 2, 3, 4, 5, 6].map((number) => ({
      number,
      fromIteration: number === 0 || number === 3 ? null : number - 1,
      costUsd: number > 3 ? 0.25 : 0,
      metrics: { "tests.pass_ratio": number < 3 ? 0.9 : 0.3 + (number - 3) * 0.1, "lint.errors": 0 },
      startedAt: minute(number * 2),
      finishedAt: minute(number * 2 + 2),
    })),
    { phase: "Running", runFromIteration: 3, runStartedAt: minute(6) },
  );
  const page = (await readGoalPage(harness.db, "forecast"))!;
  assert.equal(page.forecast?.kind, "projected");
  if (page.forecast?.kind !== "projected") return;
  assert.deepEqual(page.forecast.iterations, { estimate: 4, low: 4, high: 4 }, "0.4 left at 0.1 an iteration");
  assert.ok(Math.abs(page.forecast.costUsd.estimate - 1) < 1e-9, "$0.25 an agent iteration");
  assert.deepEqual(page.forecast.warnings, [], "$0.75 spent and $1.00 to come fit in $2.00");
  assert.equal(page.budgets.iterations.used, 3, "iterations 4-6: the run's re-measure (3) runs no agent and is free, as decide() counts");

  // A tighter budget: $0.75 spent of $1.50, $1.00 more to come.
  // A new spec is a new generation (as apply makes it): the parsed spec is kept per generation.
  await harness.db.goal.update({ where: { name: "forecast" }, data: { spec: spec({ maxCostUsd: 1.5 }), generation: { increment: 1 } } });
  const tight = (await readGoalPage(harness.db, "forecast"))!;
  assert.deepEqual(
    tight.forecast?.warnings.map((warning) => [warning.budget, warning.kind, warning.message]),
    [["cost", "projected", "even at best, the run needs $1.75 of stop.maxCostUsd $1.50"]],
  );

  await harness.db.goal.update({ where: { name: "forecast" }, data: { phase: "Exhausted" } });
  assert.equal((await readGoalPage(harness.db, "forecast"))!.forecast, null);
});

test("the iteration list pages newest first by iteration number, older and back to newer", async () => {
  await seed(
    "paged",
    Array.from({ length: 120 }, (_, number) => ({ number, metrics: { "tests.pass_ratio": number / 120 } })),
  );
  const first = (await readGoalPage(harness.db, "paged"))!.iterations;
  assert.equal(first.total, 120);
  assert.equal(first.rows.length, 50);
  assert.deepEqual([first.rows[0].number, first.rows.at(-1)!.number], [119, 70]);
  assert.equal(first.newer, null);
  assert.equal(first.older, 70);

  const second = (await readGoalPage(harness.db, "paged", { before: first.older! }))!.iterations;
  assert.deepEqual([second.rows[0].number, second.rows.at(-1)!.number], [69, 20]);
  const third = (await readGoalPage(harness.db, "paged", { before: second.older! }))!.iterations;
  assert.deepEqual([third.rows[0].number, third.rows.at(-1)!.number], [19, 0]);
  assert.equal(third.older, null, "the baseline is the oldest");

  const back = (await readGoalPage(harness.db, "paged", { after: third.newer! }))!.iterations;
  assert.deepEqual(
    back.rows.map((row) => row.number),
    second.rows.map((row) => row.number),
    "newer from the third page is the second page",
  );
});

test("an unknown goal reads as null, so the page can say not found", async () => {
  assert.equal(await readGoalPage(harness.db, "no-such-goal"), null);
});

// How fast this is, is measured by bench/dashboard.ts (docs/BENCHMARKS.md); here, that it reads right.
test("a goal with 1,000 iterations gives the chart every point and the list one page, without prompts or diffs", async () => {
  const big = "x".repeat(20_000); // prompts and diffs of a realistic size, which the read must not fetch
  await seed(
    "thousand",
    Array.from({ length: 1000 }, (_, number) => ({
      number,
      metrics: { "tests.pass_ratio": Math.min(1, number / 999), "lint.errors": 1000 - number, "tests.total": 50 },
      regression: number % 97 === 0,
      prompt: big,
      diff: big,
      agentOutput: big,
    })),
    { bestIteration: 999 },
  );
  const page = await readGoalPage(harness.db, "thousand");
  assert.equal(page!.chart.numbers.length, 1000);
  assert.equal(page!.chart.series[1].values[999], 1);
  assert.equal(page!.chart.flags.filter((flag) => flag & FLAG.regression).length, 11, "iterations 0, 97, … 970");
  assert.equal(page!.iterations.rows.length, 50);
  assert.ok(!JSON.stringify(page).includes(big), "prompts, diffs and agent output stay in the database");
});

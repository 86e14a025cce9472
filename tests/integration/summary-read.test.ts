// The summary strip's read against a real Postgres: goals per phase, gates and the oldest wait, goals
// that failed or stalled in the last 24 hours (and only those still stopped), the last hour's
// iterations, today's spend, and this run's spend of the active goals against their cost budgets.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import type { Db } from "../../server/db/client";
import { readSummary } from "../../server/fleet/read-summary";
import { openTestDb } from "../helpers/open-test-db";

let db: Db;
openTestDb((opened) => {
  db = opened;
});
beforeEach(async () => {
  await db.goal.deleteMany();
});

const HOUR = 3_600_000;
const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);

function spec(maxCostUsd?: number) {
  return {
    intent: "make the tests pass",
    workspace: { repo: "/srv/app" },
    agent: { executor: "codex" },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: { layers: [{ name: "tests", run: "true" }] },
    stop: { maxIterations: 10, ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) },
  };
}

async function goal(name: string, phase: string, data: Record<string, unknown> = {}, maxCostUsd?: number) {
  return db.goal.create({ data: { name, phase, spec: spec(maxCostUsd), ...data } as never });
}

async function iteration(goalId: string, number: number, data: Record<string, unknown> = {}) {
  return db.iteration.create({ data: { goalId, number, generation: 1, phase: "Evaluated", leaseEpoch: 1, ...data } as never });
}

// The event a phase change writes, at a given time.
async function entered(goalId: string, name: string, type: string, at: Date) {
  await db.event.create({ data: { goalId, goalName: name, type, reason: type, createdAt: at } });
}

test("an empty installation: nothing anywhere", async () => {
  const summary = await readSummary(db);
  assert.equal(summary.total, 0);
  assert.ok(Object.values(summary.phases).every((count) => count === 0));
  assert.deepEqual(summary.gates, { waiting: 0, oldestSince: null });
  assert.deepEqual([summary.failedRecently, summary.stalledRecently, summary.iterationsLastHour, summary.spendTodayUsd], [0, 0, 0, 0]);
  assert.deepEqual(summary.budgets, { goals: 0, usedUsd: 0, limitUsd: 0, nearLimit: 0 });
});

test("goals per phase, and the approval gates waiting with the oldest one's start", async () => {
  const now = new Date();
  const a = await goal("gate-a", "AwaitingApproval");
  const b = await goal("gate-b", "AwaitingApproval");
  await goal("running", "Running");
  await goal("queued", "Queued");
  await iteration(a.id, 1, { approval: "pending", approvalRequestedAt: ago(now, 3 * HOUR) });
  await iteration(b.id, 1, { approval: "pending", approvalRequestedAt: ago(now, HOUR) });
  await iteration(b.id, 0, { approval: "approved" });
  const summary = await readSummary(db, now);
  assert.equal(summary.total, 4);
  assert.equal(summary.phases.AwaitingApproval, 2);
  assert.equal(summary.phases.Running, 1);
  assert.equal(summary.phases.Converged, 0);
  assert.equal(summary.gates.waiting, 2);
  assert.equal(summary.gates.oldestSince, ago(now, 3 * HOUR).toISOString());
});

test("failed and stalled count the goals that got there in the last 24 hours and are still there", async () => {
  const now = new Date();
  const recent = await goal("failed-now", "Failed");
  await entered(recent.id, recent.name, "Failed", ago(now, 2 * HOUR));
  const old = await goal("failed-long-ago", "Failed");
  await entered(old.id, old.name, "Failed", ago(now, 30 * HOUR));
  // Something happened to the old one since (its notification failed): it still failed 30 hours ago.
  await entered(old.id, old.name, "NotificationFailed", ago(now, HOUR));
  const stalled = await goal("stalled-now", "Stalled");
  await entered(stalled.id, stalled.name, "Stalled", ago(now, 23 * HOUR));
  const rerun = await goal("failed-then-rerun", "Running");
  await entered(rerun.id, rerun.name, "Failed", ago(now, HOUR));
  await entered(rerun.id, rerun.name, "Queued", ago(now, HOUR / 2));
  const summary = await readSummary(db, now);
  assert.equal(summary.failedRecently, 1);
  assert.equal(summary.stalledRecently, 1);
  assert.equal(summary.phases.Failed, 2);
});

test("iterations of the last hour, and what every iteration finished since midnight UTC cost", async () => {
  const now = new Date("2026-12-04T00:30:00.000Z"); // half an hour into the day: the last hour began yesterday
  const g = await goal("busy", "Running");
  await iteration(g.id, 1, { finishedAt: ago(now, 10 * 60_000), costUsd: 0.5 });
  await iteration(g.id, 2, { phase: "AgentFailed", finishedAt: ago(now, 5 * 60_000), costUsd: 0.25 });
  await iteration(g.id, 3, { phase: "Interrupted", finishedAt: ago(now, 60_000) }); // redone under the same number
  await iteration(g.id, 4, { phase: "Running", finishedAt: null });
  await iteration(g.id, 5, { finishedAt: ago(now, 45 * 60_000), costUsd: 2 }); // in the last hour, but yesterday
  await iteration(g.id, 0, { finishedAt: ago(now, 2 * HOUR), costUsd: 7 });
  const summary = await readSummary(db, now);
  assert.equal(summary.iterationsLastHour, 3);
  assert.equal(summary.spendTodayUsd, 0.75);
});

test("this run's spend of the goals still going against their cost budgets, and how many passed 80% of theirs", async () => {
  await goal("first-run", "Running", { costUsd: 4.5 }, 5); // 90%: near
  const rerun = await goal("rerun", "Paused", { costUsd: 9, runFromIteration: 2 }, 10);
  for (const [number, costUsd] of [
    [0, 0],
    [1, 8],
    [2, 1],
  ])
    await iteration(rerun.id, number, { costUsd, finishedAt: new Date() });
  await goal("no-budget", "Running", { costUsd: 100 });
  await goal("ended", "Converged", { costUsd: 3 }, 4);
  const summary = await readSummary(db);
  assert.deepEqual(summary.budgets, { goals: 2, usedUsd: 5.5, limitUsd: 15, nearLimit: 1 });
});

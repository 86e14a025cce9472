// The fleet view's reads against a real Postgres: a row per goal with what it shows, the filters the
// board shares plus repository and executor, changed rows by name, labels cut to size, the limit, and
// the sparklines of the rows on screen.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { parseBoardQuery } from "../../server/board/board-filter";
import type { Db } from "../../server/db/client";
import { parseFleetQuery } from "../../server/fleet/fleet-query";
import { readFleet, type FleetRow } from "../../server/fleet/read-fleet";
import { readFleetChoices } from "../../server/fleet/read-fleet-choices";
import { readFleetSparklines } from "../../server/fleet/read-fleet-sparklines";
import { openTestDb } from "../helpers/open-test-db";

let db: Db;
openTestDb((opened) => {
  db = opened;
});
beforeEach(async () => {
  await db.goal.deleteMany();
});

const ALL = parseFleetQuery({}).filter;

function spec(options: { executor?: string; repo?: string; maxCostUsd?: number } = {}) {
  return {
    intent: "make the tests pass",
    workspace: { repo: options.repo ?? "/srv/app", ref: "HEAD" },
    agent: { executor: options.executor ?? "codex" },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.errors", target: "<= 0" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "true" },
        { name: "lint", run: "true" },
      ],
    },
    stop: { maxIterations: 10, ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}) },
  };
}

async function goal(name: string, data: Record<string, unknown> = {}, options: Parameters<typeof spec>[0] = {}) {
  return db.goal.create({ data: { name, phase: "Running", spec: spec(options), ...data } as never });
}

async function iteration(goalId: string, number: number, data: Record<string, unknown> = {}) {
  return db.iteration.create({ data: { goalId, number, generation: 1, phase: "Evaluated", leaseEpoch: 1, finishedAt: new Date(), ...data } as never });
}

const byName = (rows: FleetRow[]) => Object.fromEntries(rows.map((row) => [row.name, row]));

test("a row holds the phase, reason, iteration n/max, each target against the latest measurement, cost, runner, labels, repository and executor", async () => {
  const now = new Date();
  await goal(
    "shown",
    {
      phase: "Running",
      reason: "IterationStarted",
      message: "iteration 4 from iteration 3",
      currentIteration: 4,
      labels: { team: "core" },
      metrics: { "tests.pass_ratio": 0.5, "lint.errors": 0 },
      costUsd: 1.25,
      leaseOwner: "host-1",
      leaseExpiresAt: new Date(now.getTime() + 30_000),
    },
    { executor: "aider", repo: "https://git.example.com/app.git", maxCostUsd: 5 },
  );
  await goal("lapsed", { leaseOwner: "host-2", leaseExpiresAt: new Date(now.getTime() - 1000) });
  const fleet = await readFleet(db, ALL, { now });
  assert.equal(fleet.matching, 2);
  const row = byName(fleet.rows).shown;
  assert.deepEqual(
    { phase: row.phase, reason: row.reason, message: row.message, iteration: row.iteration, maxIterations: row.maxIterations },
    { phase: "Running", reason: "IterationStarted", message: "iteration 4 from iteration 3", iteration: 4, maxIterations: 10 },
  );
  assert.deepEqual(row.targets, [
    { metric: "tests.pass_ratio", target: ">= 1", value: 0.5, met: false },
    { metric: "lint.errors", target: "<= 0", value: 0, met: true },
  ]);
  assert.deepEqual({ costUsd: row.costUsd, runCostUsd: row.runCostUsd, maxCostUsd: row.maxCostUsd }, { costUsd: 1.25, runCostUsd: 1.25, maxCostUsd: 5 });
  assert.deepEqual(
    { heldBy: row.heldBy, labels: row.labels, repo: row.repo, executor: row.executor },
    { heldBy: "host-1", labels: { team: "core" }, repo: "https://git.example.com/app.git", executor: "aider" },
  );
  assert.equal(byName(fleet.rows).lapsed.heldBy, null, "a lease that ran out names no runner");
  assert.equal(byName(fleet.rows).lapsed.targets[0].value, undefined, "never measured");
});

test("a re-run's cost is its own run's, against its budget; the total over runs stays beside it", async () => {
  const rerun = await goal("rerun", { currentIteration: 4, runFromIteration: 3, costUsd: 3 }, { maxCostUsd: 2 });
  for (const [number, costUsd] of [
    [1, 1],
    [2, 1],
    [3, 0.25],
    [4, 0.75],
  ])
    await iteration(rerun.id, number, { costUsd });
  const [row] = (await readFleet(db, ALL)).rows;
  assert.equal(row.costUsd, 3);
  assert.equal(row.runCostUsd, 1, "iterations 3 and 4");
  assert.equal(row.iteration, 2);
});

test("the board's filters apply, a label key alone matching any value, and repository and executor are the fleet's own", async () => {
  await goal("calc-core", { labels: { team: "core" } }, { repo: "/srv/a", executor: "codex" });
  await goal("calc-web", { labels: { team: "web" } }, { repo: "/srv/b", executor: "codex" });
  await goal("calc-none", {}, { repo: "/srv/a", executor: "aider" });
  await goal("parser", { labels: { team: "core" } }, { repo: "/srv/a", executor: "codex" });
  const names = async (params: Record<string, string>) => (await readFleet(db, parseFleetQuery(params).filter)).rows.map((row) => row.name).sort();
  assert.deepEqual(await names({ label: "team" }), ["calc-core", "calc-web", "parser"]);
  assert.deepEqual(await names({ q: "calc", label: "team" }), ["calc-core", "calc-web"]);
  assert.deepEqual(await names({ repo: "/srv/a" }), ["calc-core", "calc-none", "parser"]);
  assert.deepEqual(await names({ repo: "/srv/a", executor: "codex", label: "team=core" }), ["calc-core", "parser"]);
  assert.deepEqual(await names({ executor: "nobody" }), []);
  assert.deepEqual(await readFleetChoices(db), { repos: ["/srv/a", "/srv/b"], executors: ["aider", "codex"], labelKeys: ["team"] });
});

test("changed goals are read by name under the view's filter: one that no longer matches, or is gone, is not in the answer", async () => {
  await goal("keeps", { labels: { team: "core" } });
  await goal("moved", { labels: { team: "web" } });
  await goal("untouched", { labels: { team: "core" } });
  const filter = parseBoardQuery({ label: "team=core" }).filter;
  const rows = await readFleet(db, { ...filter, repo: null, executor: null }, { names: ["keeps", "moved", "deleted-meanwhile"] });
  assert.deepEqual(
    rows.rows.map((row) => row.name),
    ["keeps"],
  );
});

test("a goal with many labels shows its first eight, the one the view groups by, and how many more it has", async () => {
  const labels = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`key-${String(index).padStart(2, "0")}`, "x".repeat(60)]));
  await goal("labelled", { labels });
  await goal("few", { labels: { a: "1", b: "2" } });
  const plain = byName((await readFleet(db, ALL)).rows);
  assert.equal(Object.keys(plain.labelled.labels).length, 8);
  assert.equal(plain.labelled.moreLabels, 32);
  assert.deepEqual(plain.few.labels, { a: "1", b: "2" });
  assert.equal(plain.few.moreLabels, 0);
  const grouped = byName((await readFleet(db, ALL, { groupLabel: "key-39" })).rows);
  assert.equal(grouped.labelled.labels["key-39"], "x".repeat(60), "the grouped-by label is always there");
  assert.equal(Object.keys(grouped.labelled.labels).length, 9);
  assert.equal(grouped.labelled.moreLabels, 31);
});

test("past the limit, the newest changes are read and the count says how many matched", async () => {
  for (let index = 0; index < 5; index += 1) await goal(`g-${index}`, { lastEventAt: new Date(Date.UTC(2026, 0, 1, 0, index)) });
  const fleet = await readFleet(db, ALL, { limit: 3 });
  assert.equal(fleet.matching, 5);
  assert.deepEqual(
    fleet.rows.map((row) => row.name),
    ["g-4", "g-3", "g-2"],
  );
  assert.equal((await readFleet(db, parseFleetQuery({ q: "nothing" }).filter)).matching, 0);
});

test("the sparklines of the rows asked for: distance to target over the last 20 measured iterations, oldest first", async () => {
  const measured = await goal("measured");
  for (let number = 0; number < 25; number += 1) {
    await iteration(measured.id, number, { metrics: { "tests.pass_ratio": Math.min(1, number / 20), "lint.errors": 0 } });
  }
  await iteration(measured.id, 25, { phase: "AgentFailed" });
  await goal("fresh");
  const lines = await readFleetSparklines(db, ["measured", "fresh", "unknown"]);
  assert.deepEqual(Object.keys(lines).sort(), ["fresh", "measured"]);
  assert.deepEqual(lines.fresh, []);
  assert.equal(lines.measured.length, 20, "iterations 5 to 24");
  assert.equal(lines.measured[0], 0.5, "iteration 5 is as far as any in the window");
  assert.deepEqual(lines.measured.slice(-5), [0, 0, 0, 0, 0], "every target met from iteration 20");
});

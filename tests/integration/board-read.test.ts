// The board's reads against a real Postgres: columns, counts, filters, keyset pages, sparklines, runners.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { decodeCursor } from "../../server/board/board-cursor";
import { parseBoardQuery, type BoardFilter } from "../../server/board/board-filter";
import { PAGE_SIZE, readBoard, type Board } from "../../server/board/read-board";
import type { Db } from "../../server/db/client";
import { openTestDb } from "../helpers/open-test-db";

let db: Db;
openTestDb((opened) => {
  db = opened;
});
beforeEach(async () => {
  await db.goal.deleteMany();
});

const ALL: BoardFilter = { text: "", labels: {}, labelKeys: [], phase: null };
const BASE = Date.parse("2026-01-01T12:00:00.000Z");

function spec(executor = "command", maxIterations = 10) {
  return {
    intent: "make the tests pass",
    workspace: { repo: "/tmp/repo", ref: "HEAD" },
    agent: { executor, command: "true" },
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
    stop: { maxIterations, stallIterations: 3 },
  };
}

async function goal(name: string, phase: string, minutesAgo: number, extra: Record<string, unknown> = {}) {
  return db.goal.create({
    data: { name, phase, spec: spec(), lastEventAt: new Date(BASE - minutesAgo * 60_000), ...extra } as never,
  });
}

function column(board: Board, key: string) {
  const found = board.columns.find((candidate) => candidate.key === key);
  assert.ok(found, `column ${key}`);
  return found;
}

const names = (board: Board, key: string) => column(board, key).cards.map((card) => card.name);

test("each goal shows in its phase's column, newest change first, with counts per column", async () => {
  await goal("q-old", "Queued", 30);
  await goal("q-paused", "Paused", 5);
  await goal("q-new", "Queued", 1);
  await goal("r-1", "Running", 2);
  await goal("a-1", "AwaitingApproval", 3);
  await goal("c-1", "Converged", 4);
  for (const [index, phase] of ["Stalled", "Exhausted", "Failed", "Cancelled"].entries()) await goal(`e-${phase.toLowerCase()}`, phase, 10 + index);

  const board = await readBoard(db, ALL);
  assert.deepEqual(
    board.columns.map((entry) => entry.key),
    ["queued", "running", "awaiting", "converged", "ended"],
  );
  assert.deepEqual(names(board, "queued"), ["q-new", "q-paused", "q-old"], "Paused waits in the Queued column");
  assert.deepEqual(names(board, "running"), ["r-1"]);
  assert.deepEqual(names(board, "awaiting"), ["a-1"]);
  assert.deepEqual(names(board, "converged"), ["c-1"]);
  assert.deepEqual(names(board, "ended"), ["e-stalled", "e-exhausted", "e-failed", "e-cancelled"]);
  assert.deepEqual(
    board.columns.map((entry) => entry.count),
    [3, 1, 1, 1, 4],
  );
  assert.equal(board.matching, 10);
  assert.equal(board.anyGoals, true);
  assert.equal(column(board, "queued").cards[0].lastEventAt, new Date(BASE - 60_000).toISOString(), "times read back in UTC");
});

test("a card shows the spec's iteration limit, the demo agent, labels, reason and message", async () => {
  await db.goal.create({
    data: {
      name: "shown",
      phase: "Running",
      spec: spec("demo", 25),
      labels: { team: "core" },
      currentIteration: 7,
      reason: "IterationStarted",
      message: "iteration 7 from iteration 6",
    },
  });
  await goal("plain", "Running", 1);
  const cards = column(await readBoard(db, ALL), "running").cards;
  const shown = cards.find((card) => card.name === "shown")!;
  assert.equal(shown.iteration, 7);
  assert.equal(shown.maxIterations, 25);
  assert.equal(shown.demo, true);
  assert.deepEqual(shown.labels, { team: "core" });
  assert.equal(shown.reason, "IterationStarted");
  assert.equal(shown.message, "iteration 7 from iteration 6");
  const plain = cards.find((card) => card.name === "plain")!;
  assert.equal(plain.demo, false);
  assert.equal(plain.iteration, null);
});

test("a re-run counts its own iterations against the limit, not the goal's whole history", async () => {
  await goal("rerun", "Running", 1, { currentIteration: 12, runFromIteration: 11 });
  const card = column(await readBoard(db, ALL), "running").cards.find((entry) => entry.name === "rerun")!;
  assert.equal(card.iteration, 2, "iterations 11 and 12 of the second run");
});

test("a card names the runner holding it only while the lease is live", async () => {
  const now = new Date();
  await goal("held", "Running", 1, { leaseOwner: "host-1-abcd", leaseExpiresAt: new Date(now.getTime() + 30_000) });
  await goal("lapsed", "Running", 2, { leaseOwner: "host-2-dead", leaseExpiresAt: new Date(now.getTime() - 1_000) });
  await goal("free", "Queued", 3);
  const board = await readBoard(db, ALL, {}, { now });
  const heldBy = Object.fromEntries(board.columns.flatMap((entry) => entry.cards).map((card) => [card.name, card.heldBy]));
  assert.deepEqual(heldBy, { held: "host-1-abcd", lapsed: null, free: null });
});

test("the name filter keeps goals whose name contains the text, in every column, and counts only them", async () => {
  await goal("calc-fix", "Running", 1);
  await goal("calc_under", "Converged", 2); // '_' would be a LIKE wildcard; it must match literally
  await goal("parser", "Running", 3);
  const board = await readBoard(db, { ...ALL, text: "CALC" });
  assert.deepEqual(names(board, "running"), ["calc-fix"]);
  assert.deepEqual(names(board, "converged"), ["calc_under"]);
  assert.deepEqual(
    board.columns.map((entry) => entry.count),
    [0, 1, 0, 1, 0],
  );
  assert.deepEqual(names(await readBoard(db, { ...ALL, text: "c_u" }), "converged"), ["calc_under"]);
  assert.equal((await readBoard(db, { ...ALL, text: "c%u" })).matching, 0);
});

test("the label filter keeps goals carrying every given key=value", async () => {
  await goal("core-dev", "Running", 1, { labels: { team: "core", env: "dev" } });
  await goal("core-prod", "Running", 2, { labels: { team: "core", env: "prod" } });
  await goal("web", "Queued", 3, { labels: { team: "web" } });
  const core = await readBoard(db, parseBoardQuery({ label: "team=core" }).filter);
  assert.deepEqual(names(core, "running"), ["core-dev", "core-prod"]);
  assert.equal(core.matching, 2);
  const dev = await readBoard(db, parseBoardQuery({ label: "team=core, env=dev" }).filter);
  assert.deepEqual(
    dev.columns.flatMap((entry) => entry.cards.map((card) => card.name)),
    ["core-dev"],
  );
  const none = await readBoard(db, parseBoardQuery({ label: "team=nobody" }).filter);
  assert.equal(none.matching, 0);
  assert.equal(none.anyGoals, true, "the board can tell 'no match' from 'no goals'");
});

test("a label key alone keeps the goals carrying that key, whatever its value", async () => {
  await goal("core", "Running", 1, { labels: { team: "core" } });
  await goal("web", "Queued", 2, { labels: { team: "web", env: "dev" } });
  await goal("unlabelled", "Running", 3);
  await goal("other-key", "Running", 4, { labels: { owner: "team" } });
  const team = await readBoard(db, parseBoardQuery({ label: "team" }).filter);
  assert.deepEqual(team.columns.flatMap((entry) => entry.cards.map((card) => card.name)).sort(), ["core", "web"]);
  assert.equal(team.matching, 2);
  const both = await readBoard(db, parseBoardQuery({ label: "team, env=dev" }).filter);
  assert.deepEqual(
    both.columns.flatMap((entry) => entry.cards.map((card) => card.name)),
    ["web"],
  );
});

test("the stopped column counts Failed, Stalled, Exhausted and Cancelled apart", async () => {
  await goal("f1", "Failed", 1);
  await goal("f2", "Failed", 2);
  await goal("s1", "Stalled", 3);
  await goal("c1", "Cancelled", 4);
  const ended = column(await readBoard(db, ALL), "ended");
  assert.deepEqual(ended.phases, [
    { phase: "Failed", count: 2 },
    { phase: "Stalled", count: 1 },
    { phase: "Exhausted", count: 0 },
    { phase: "Cancelled", count: 1 },
  ]);
  assert.equal(ended.count, 4);
});

test("the phase filter shows one phase and zero elsewhere", async () => {
  await goal("paused", "Paused", 1);
  await goal("queued", "Queued", 2);
  await goal("failed", "Failed", 3);
  const board = await readBoard(db, parseBoardQuery({ phase: "paused" }).filter);
  assert.deepEqual(names(board, "queued"), ["paused"]);
  assert.deepEqual(
    board.columns.map((entry) => entry.count),
    [1, 0, 0, 0, 0],
  );
});

test("a column pages with a keyset cursor: each 'show more' adds the next page after what was shown", async () => {
  // Seven goals, two sharing a timestamp, so the id must break the tie.
  for (let index = 0; index < 7; index += 1) await goal(`run-${index}`, "Running", index === 4 ? 3 : index);
  await goal("other", "Queued", 0);
  const all = names(await readBoard(db, ALL, {}, { pageSize: 100 }), "running");
  assert.equal(all.length, 7);

  const first = await readBoard(db, ALL, {}, { pageSize: 3 });
  assert.deepEqual(names(first, "running"), all.slice(0, 3));
  assert.equal(column(first, "running").count, 7);
  const cursor1 = decodeCursor(column(first, "running").nextCursor)!;
  assert.ok(cursor1, "a cursor when more cards follow");
  assert.equal(column(first, "queued").nextCursor, null, "no cursor when the column is complete");

  const second = await readBoard(db, ALL, { running: cursor1 }, { pageSize: 3 });
  assert.deepEqual(names(second, "running"), all.slice(0, 6), "the cards shown stay, three more follow");
  assert.deepEqual(names(second, "queued"), ["other"], "other columns are not affected");
  const third = await readBoard(db, ALL, { running: decodeCursor(column(second, "running").nextCursor)! }, { pageSize: 3 });
  assert.deepEqual(names(third, "running"), all);
  assert.equal(column(third, "running").nextCursor, null);

  // A goal that changes moves to the top without shifting what the cursor covers.
  await db.goal.update({ where: { name: "run-6" }, data: { lastEventAt: new Date(BASE + 60_000) } });
  const moved = await readBoard(db, ALL, { running: cursor1 }, { pageSize: 3 });
  assert.deepEqual(names(moved, "running"), ["run-6", ...all.slice(0, 6)]);
});

test("a cursor from the URL survives the round trip through the query string", async () => {
  await goal("a", "Running", 1);
  await goal("b", "Running", 2);
  const first = await readBoard(db, ALL, {}, { pageSize: 1 });
  const query = parseBoardQuery({ more_running: column(first, "running").nextCursor! });
  assert.deepEqual(names(await readBoard(db, ALL, query.cursors, { pageSize: 1 }), "running"), ["a", "b"]);
});

test("the sparkline holds the last 30 measured iterations' distance to target, oldest first", async () => {
  const created = await goal("converging", "Running", 1);
  // 40 iterations: pass ratio climbs to 1 and lint errors fall to 0; iteration 38 failed before measuring.
  await db.iteration.createMany({
    data: Array.from({ length: 40 }, (_, number) => ({
      goalId: created.id,
      number,
      generation: 1,
      leaseEpoch: 1,
      phase: number === 38 ? "AgentFailed" : "Evaluated",
      metrics: number === 38 ? {} : { "tests.pass_ratio": Math.min(1, number / 36), "lint.errors": Math.max(0, 10 - number) },
    })),
  });
  await goal("fresh", "Queued", 2);
  const board = await readBoard(db, ALL);
  const card = column(board, "running").cards[0];
  assert.ok(card.sparkline);
  assert.equal(card.sparkline.values.length, 30);
  assert.equal(card.sparkline.from, 9, "iterations 9..39 minus the failed 38");
  assert.equal(card.sparkline.to, 39);
  // At iteration 9: tests 27/36 away over the window's worst (27/36) -> 1; lint 1 error over worst 1 -> 1.
  assert.equal(card.sparkline.values[0], 1);
  // At iteration 10: tests 26/27 of its worst, lint met.
  assert.ok(Math.abs(card.sparkline.values[1] - (26 / 27 + 0) / 2) < 1e-9);
  assert.deepEqual(card.sparkline.values.slice(-3), [0, 0, 0], "every target met at the end");
  assert.equal(column(board, "queued").cards[0].sparkline, null, "no measurements, no sparkline");
});

test("an empty database says there are no goals at all", async () => {
  const board = await readBoard(db, ALL);
  assert.equal(board.anyGoals, false);
  assert.equal(board.matching, 0);
  assert.ok(board.columns.every((entry) => entry.cards.length === 0 && entry.count === 0 && entry.nextCursor === null));
});

// How fast this is, is measured by bench/dashboard.ts (docs/BENCHMARKS.md); here, that it reads right.
test("with 2,000 goals and 40,000 iterations the board shows one page per column, counts them all, and pages on", async () => {
  await db.$executeRawUnsafe(
    `
    INSERT INTO "Goal" (id, name, labels, spec, phase, "currentIteration", "lastEventAt", "updatedAt")
    SELECT gen_random_uuid(), 'load-' || n, jsonb_build_object('team', 'team-' || (n % 10)), $1::jsonb,
      (ARRAY['Queued','Running','AwaitingApproval','Paused','Converged','Stalled','Exhausted','Failed','Cancelled'])[1 + n % 9],
      20, timestamp '2026-01-01' + n * interval '1 second', now()
    FROM generate_series(1, 2000) AS n`,
    JSON.stringify(spec()),
  );
  await db.$executeRawUnsafe(`
    INSERT INTO "Iteration" (id, "goalId", number, generation, phase, metrics, "leaseEpoch")
    SELECT gen_random_uuid(), g.id, i, 1, 'Evaluated',
      jsonb_build_object('tests.pass_ratio', i / 20.0, 'lint.errors', 20 - i), 1
    FROM "Goal" g CROSS JOIN generate_series(0, 19) AS i`);
  await db.$executeRawUnsafe(`ANALYZE "Goal"; `);
  await db.$executeRawUnsafe(`ANALYZE "Iteration"`);
  assert.equal(await db.iteration.count(), 40_000);

  const board = await readBoard(db, ALL);
  assert.equal(board.matching, 2000);
  assert.deepEqual(
    board.columns.map((entry) => entry.cards.length),
    Array(5).fill(PAGE_SIZE),
  );
  assert.ok(board.columns.every((entry) => entry.cards.every((card) => card.sparkline?.values.length === 20)));
  const filtered = await readBoard(db, { text: "load-1", labels: { team: "team-3" }, labelKeys: [], phase: null });
  assert.ok(filtered.matching > 0);
  assert.ok(filtered.columns.every((entry) => entry.cards.every((card) => card.name.includes("load-1") && card.labels.team === "team-3")));
  const first = await readBoard(db, ALL);
  const second = await readBoard(db, ALL, { ended: decodeCursor(column(first, "ended").nextCursor)! });
  const paged = await readBoard(db, ALL, { ended: decodeCursor(column(second, "ended").nextCursor)! });
  assert.equal(column(paged, "ended").cards.length, 3 * PAGE_SIZE);
  assert.equal(new Set(names(paged, "ended")).size, 3 * PAGE_SIZE, "no card twice across pages");
});

// The dashboard's audit log reads: filters by person, goal, type (or reason) and time, newest first, a
// page at a time keyed on the event id, back and forth, on a real Postgres.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pageAuditEvents } from "../../server/events/list-events";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
const ids: bigint[] = [];

before(async () => {
  harness = await startHarness();
  // 12 events: goals a and b in turn, by ann and bob in turn, an hour apart; every third one a token's.
  for (let index = 0; index < 12; index++) {
    const row = await harness.db.event.create({
      data: {
        goalName: index % 2 ? "b" : "a",
        type: index % 4 === 3 ? "Queued" : "Paused",
        reason: index % 4 === 3 ? "Approved" : "PausedByUser",
        actor: index % 3 ? "bob" : "ann",
        message: `event ${index}`,
        data: index % 3 ? {} : { viaToken: "ann-ci" },
        createdAt: new Date(Date.UTC(2026, 0, 1, index)),
      },
    });
    ids.push(row.id);
  }
});
after(async () => {
  await harness.close();
});

const messages = (page: Awaited<ReturnType<typeof pageAuditEvents>>) => page.events.map((event) => event.message);

test("newest first, a page at a time: older, then newer back to the first page", async () => {
  const first = await pageAuditEvents(harness.db, {}, {}, 5);
  assert.deepEqual(messages(first), ["event 11", "event 10", "event 9", "event 8", "event 7"]);
  assert.equal(first.newer, null);
  const second = await pageAuditEvents(harness.db, {}, { before: BigInt(first.older!) }, 5);
  assert.deepEqual(messages(second), ["event 6", "event 5", "event 4", "event 3", "event 2"]);
  const last = await pageAuditEvents(harness.db, {}, { before: BigInt(second.older!) }, 5);
  assert.deepEqual([messages(last), last.older], [["event 1", "event 0"], null]);
  const back = await pageAuditEvents(harness.db, {}, { after: BigInt(last.newer!) }, 5);
  assert.deepEqual(messages(back), messages(second));
  const front = await pageAuditEvents(harness.db, {}, { after: BigInt(back.newer!) }, 5);
  assert.deepEqual([messages(front), front.newer], [messages(first), null]);
});

test("filters by person, goal, type or reason, and time; the token a person acted through comes along", async () => {
  const anns = await pageAuditEvents(harness.db, { actor: "ann" });
  assert.deepEqual(messages(anns), ["event 9", "event 6", "event 3", "event 0"]);
  assert.ok(anns.events.every((event) => event.viaToken === "ann-ci"));
  assert.deepEqual(messages(await pageAuditEvents(harness.db, { goal: "b", type: "Approved" })), ["event 11", "event 7", "event 3"]);
  assert.deepEqual(messages(await pageAuditEvents(harness.db, { type: "Queued", actor: "bob" })), ["event 11", "event 7"]);
  const window = await pageAuditEvents(harness.db, { from: new Date(Date.UTC(2026, 0, 1, 4)), to: new Date(Date.UTC(2026, 0, 1, 6)) });
  assert.deepEqual(messages(window), ["event 6", "event 5", "event 4"]);
  assert.deepEqual(messages(await pageAuditEvents(harness.db, { goal: "nothing" })), []);
});

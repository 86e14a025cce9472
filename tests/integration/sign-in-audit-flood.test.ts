// A flood of failed sign-ins is audited without filling the Event table: one row per name per
// 15-minute window, counted, and past 100 names one row for the rest.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { auditFailedSignIn } from "../../server/auth/failed-sign-in-audit";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

type Audit = { user?: string; count: number };
const failures = async () =>
  (await harness.db.event.findMany({ where: { type: "SignInFailed" }, orderBy: { id: "asc" } })).map((event) => ({ ...event, data: event.data as Audit }));

test("350 failures over 150 names in one window write 101 rows that still count every failure", async () => {
  const start = Date.UTC(2026, 11, 4, 12);
  // Thirty at once for one name: each is counted, whatever order the writes land in.
  await Promise.all(Array.from({ length: 30 }, (_, index) => auditFailedSignIn(harness.db, "root", start + index)));
  for (let round = 0; round < 2; round++) {
    await Promise.all(Array.from({ length: 160 }, (_, index) => auditFailedSignIn(harness.db, `guess-${index}`, start + 1000 + round * 200 + index)));
  }
  const rows = await failures();
  assert.equal(rows.length, 101, "100 names, and one row for the names past them");
  assert.equal(
    rows.reduce((sum, row) => sum + row.data.count, 0),
    30 + 2 * 160,
  );
  const root = rows.find((row) => row.data.user === "root")!;
  assert.equal(root.data.count, 30);
  assert.equal(root.actor, "anonymous");
  assert.match(root.message, /^30 sign-ins as 'root' failed, 2026-12-04T12:00:00.000Z to 2026-12-04T12:00:00.029Z$/);
  const rest = rows.find((row) => row.data.user === undefined)!;
  assert.equal(rest.data.count, 2 * 61, "61 names did not get a row of their own, twice");
  assert.match(rest.message, /^122 failed sign-ins as names beyond the first 100 of this 15-minute window \(names not recorded\)/);
});

test("the next window starts afresh; a row deleted meanwhile is written again", async () => {
  const later = Date.UTC(2026, 11, 4, 12, 20);
  await auditFailedSignIn(harness.db, "root", later);
  const rows = await failures();
  assert.equal(rows.length, 102);
  const fresh = rows.at(-1)!;
  assert.deepEqual([fresh.data.user, fresh.data.count, fresh.message], ["root", 1, "a sign-in as 'root' failed"]);
  await harness.db.event.delete({ where: { id: fresh.id } });
  await auditFailedSignIn(harness.db, "root", later + 1);
  const again = (await failures()).at(-1)!;
  assert.deepEqual([again.data.user, again.data.count], ["root", 2]);
});

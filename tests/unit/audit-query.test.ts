// The audit log's address read into filters: good values apply, a bad one is named and left out.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readAuditQuery } from "../../server/events/audit-query";

test("filters and a cursor are read from the address; times without a zone are UTC", () => {
  const query = readAuditQuery({ actor: "ann", goal: "demo-calculator", type: "Approved", from: "2026-12-06T09:30", to: "2026-12-07", before: "42" });
  assert.deepEqual(query.filter, {
    actor: "ann",
    goal: "demo-calculator",
    type: "Approved",
    from: new Date("2026-12-06T09:30:00Z"),
    to: new Date("2026-12-07T00:00:00Z"),
  });
  assert.deepEqual(query.cursor, { before: 42n, after: undefined });
  assert.deepEqual(query.problems, []);
});

test("a value a field does not take is named with what was expected, and not applied", () => {
  const query = readAuditQuery({ from: "yesterday", goal: "Not/A Goal", before: "1e9", to: "2026-13-45T99:99", actor: ["ann", "bob"] });
  assert.deepEqual(query.filter, { actor: "ann" });
  assert.deepEqual(
    query.problems.map((problem) => problem.field),
    ["goal", "from", "to", "before"],
  );
  assert.match(query.problems.find((problem) => problem.field === "from")!.message, /must be a date and time, like 2026-12-06T09:30 \(UTC\)/);
  assert.match(query.problems.find((problem) => problem.field === "to")!.message, /must be a real date and time/);
  assert.deepEqual(readAuditQuery({ from: "2026-12-07", to: "2026-12-06" }).problems, [{ field: "to", message: "must not be before from" }]);
});

// The board's URL: filters and column cursors parsed from search params, mistakes reported, not thrown.
import assert from "node:assert/strict";
import { test } from "node:test";
import { columnOf } from "../../server/board/board-columns";
import { decodeCursor, encodeCursor } from "../../server/board/board-cursor";
import { isFiltered, parseBoardQuery, parseLabels } from "../../server/board/board-filter";

test("no search params is the whole board", () => {
  const query = parseBoardQuery({});
  assert.deepEqual(query.filter, { text: "", labels: {}, labelKeys: [], phase: null });
  assert.deepEqual(query.errors, {});
  assert.deepEqual(query.cursors, {});
  assert.equal(isFiltered(query.filter), false);
});

test("name, labels and phase are read from the URL, the phase in any case", () => {
  const query = parseBoardQuery({ q: "  calc ", label: "team=core, env=dev", phase: "awaitingapproval" });
  assert.deepEqual(query.filter, { text: "calc", labels: { team: "core", env: "dev" }, labelKeys: [], phase: "AwaitingApproval" });
  assert.equal(query.input.phase, "AwaitingApproval");
  assert.equal(isFiltered(query.filter), true);
});

test("a label key written alone filters by the key, whatever its value", () => {
  const query = parseBoardQuery({ label: "team" });
  assert.deepEqual(query.filter.labels, {});
  assert.deepEqual(query.filter.labelKeys, ["team"]);
  assert.deepEqual(query.errors, {}, "a key alone is no mistake");
  assert.equal(isFiltered(query.filter), true, "and it filters");
  assert.deepEqual(parseLabels("team=core, env"), { values: { team: "core" }, keys: ["env"] });
});

test("a label without a key is reported beside its input and left out of the filter", () => {
  for (const label of ["=core", "team=core,=dev"]) {
    const query = parseBoardQuery({ label });
    assert.deepEqual(query.filter.labels, {}, label);
    assert.deepEqual(query.filter.labelKeys, [], label);
    assert.match(query.errors.label ?? "", /key=value or a key alone/, label);
    assert.equal(query.input.label, label, "what was typed is shown back");
  }
  assert.deepEqual(parseLabels("a=b=c"), { values: { a: "b=c" }, keys: [] }, "only the first '=' separates");
  assert.deepEqual(parseLabels("empty="), { values: { empty: "" }, keys: [] });
});

test("an unknown phase is reported and ignored", () => {
  const query = parseBoardQuery({ phase: "Sleeping" });
  assert.equal(query.filter.phase, null);
  assert.match(query.errors.phase ?? "", /'Sleeping' is not a phase/);
});

test("a repeated parameter takes its first value", () => {
  assert.equal(parseBoardQuery({ q: ["one", "two"] }).filter.text, "one");
});

test("column cursors round-trip through the URL and a mangled one is ignored", () => {
  const at = new Date("2026-03-04T05:06:07.089Z");
  const id = "0b9f6c2e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
  const text = encodeCursor({ at, id });
  assert.deepEqual(decodeCursor(text), { at: at.toISOString(), id });
  const query = parseBoardQuery({ more_running: text, more_ended: "garbage", more_nonsense: text });
  assert.deepEqual(Object.keys(query.cursors), ["running"]);
  for (const bad of ["", "2026-03-04T05:06:07.089Z", `not-a-date_${id}`, "2026-03-04T05:06:07.089Z_not-a-uuid", "_"]) {
    assert.equal(decodeCursor(bad), null, bad);
  }
});

test("Paused waits in the Queued column and every ended phase shares one column", () => {
  assert.equal(columnOf("Paused"), "queued");
  assert.equal(columnOf("Queued"), "queued");
  assert.equal(columnOf("Running"), "running");
  assert.equal(columnOf("AwaitingApproval"), "awaiting");
  assert.equal(columnOf("Converged"), "converged");
  for (const phase of ["Stalled", "Exhausted", "Failed", "Cancelled"]) assert.equal(columnOf(phase), "ended");
});

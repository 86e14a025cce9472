import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJson } from "../../server/evaluation/parse-json";
import { cpuMs } from "../helpers/cpu-time";

const istanbulSummary = JSON.stringify(
  {
    total: { lines: { total: 54, covered: 37, pct: 68.51 }, branches: { total: 10, covered: 10, pct: 100 } },
  },
  null,
  2,
);

test("a pretty-printed document as the whole stdout is read by dotted paths", () => {
  const parsed = parseJson(istanbulSummary, { lines: "total.lines.pct", branches: "total.branches.covered" });
  assert.deepEqual(parsed, { found: true, metrics: { lines: 68.51, branches: 10 }, problems: [] });
});

test("after log lines, the last line that parses as JSON is the document", () => {
  const stdout = [
    "building...",
    '{"stage":"build","ok":true}',
    '{"suites":[{"passed":3},{"passed":5,"flaky":false}],"ok":true,"duration":"1.5"}',
    "done in 2s",
  ].join("\n");
  const parsed = parseJson(stdout, { second: "suites.1.passed", flaky: "suites.1.flaky", ok: "ok", duration: "duration" });
  assert.deepEqual(parsed, { found: true, metrics: { second: 5, flaky: 0, ok: 1, duration: 1.5 }, problems: [] });
});

test("a missing field or one that is not a number is left out and said", () => {
  const parsed = parseJson('{"a":{"b":2},"name":"x"}', { b: "a.b", c: "a.c", name: "name", index: "a.0" });
  assert.equal(parsed.found, true);
  if (!parsed.found) return;
  assert.deepEqual(parsed.metrics, { b: 2 });
  assert.deepEqual(parsed.problems, [
    "field 'a.c' (for 'c') is not in the JSON",
    "field 'name' (for 'name') is \"x\", not a number or boolean",
    "field 'a.0' (for 'index') is not in the JSON",
  ]);
});

test("output without JSON, or with none of the fields, is reported as nothing found", () => {
  const noJson = parseJson("all tests passed\n42\n", { n: "n" });
  const noFields = parseJson('{"x":1}', { n: "n" });
  const notAsked = parseJson('{"x":1}', undefined);
  assert.match(noJson.found ? "" : noJson.reason, /no JSON in the output/);
  assert.match(noFields.found ? "" : noFields.reason, /'n'.*not in the JSON/);
  assert.match(notAsked.found ? "" : notAsked.reason, /needs 'fields'/);
});

test("a megabyte of lines that start like JSON and are not is read in well under a second, not seconds", () => {
  const lines = "{\n".repeat(256 * 1024);
  const took = cpuMs(() => assert.equal(parseJson(`${lines}{"n":7}\n${lines}`, { n: "n" }).found, true));
  assert.ok(took < 1000, `${Math.round(took)} ms`);
});

test("a field that is an object or array is named as one, not copied into the log (nor its nesting followed)", () => {
  const deep = `{"a":${"[".repeat(500_000)}${"]".repeat(500_000)},"b":{"c":1}}`;
  const parsed = parseJson(deep, { a: "a", b: "b" });
  assert.equal(parsed.found, false);
  assert.equal(
    parsed.found ? "" : parsed.reason,
    "field 'a' (for 'a') is an array, not a number or boolean; field 'b' (for 'b') is an object, not a number or boolean",
  );
});

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isJson, readJson } from "../../server/evaluation/read-json";
import { cpuMs, MiB } from "../helpers/cpu-time";

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test("every JSON document is read as JSON.parse reads it", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, "\t"), (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      assert.equal(isJson(text), true, text);
      assert.deepEqual(readJson(text), JSON.parse(text));
    }),
    { numRuns: 500 },
  );
});

test("isJson agrees with JSON.parse on any text made of JSON's own characters", () => {
  const unit = fc.constantFrom(
    ...'{}[],:"\\ \t\n\r0123456789-+.eEtrufalsn/bu'.split(""),
    "\u0001",
    "é",
    "\ud800",
    "true",
    "null",
    "false",
    '"a"',
    "1.5e3",
    "\\u00e9",
    "\\x",
  );
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 30 }), (text) => {
      assert.equal(isJson(text), parses(text), JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});

test("isJson agrees with JSON.parse on JSON with one character dropped, doubled or changed", () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom("drop", "double", "change"), fc.constantFrom(...'{}[],:"\\ 0e.-tn'), (value, at, how, other) => {
      const json = JSON.stringify(value);
      const i = at % json.length;
      const text =
        how === "drop"
          ? json.slice(0, i) + json.slice(i + 1)
          : how === "double"
            ? json.slice(0, i + 1) + json.slice(i)
            : json.slice(0, i) + other + json.slice(i + 1);
      assert.equal(isJson(text), parses(text), JSON.stringify(text));
    }),
    { numRuns: 3000 },
  );
});

test("reading hostile text never throws and stays linear", () => {
  for (const text of [
    "{".repeat(MiB),
    "[".repeat(MiB),
    `${"[".repeat(MiB / 2)}${"]".repeat(MiB / 2)}`,
    `"${"x".repeat(MiB)}`,
    `"${"\\n".repeat(MiB / 2)}"`,
    `[${"1,".repeat(MiB / 2)}]`,
    `{${'"a":'.repeat(MiB / 4)}`,
    "-".repeat(MiB),
    " ".repeat(MiB),
  ]) {
    const took = cpuMs(() => readJson(text));
    assert.ok(took < 1000, `${JSON.stringify(text.slice(0, 12))}…: ${Math.round(took)} ms`);
  }
  assert.deepEqual(readJson(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) !== undefined, true, "deep nesting is still JSON");
});

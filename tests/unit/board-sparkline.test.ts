// A card's sparkline values: distance to target per iteration, 0 exactly when every target held.
import assert from "node:assert/strict";
import { test } from "node:test";
import { sparklinePoints } from "../../server/board/sparkline-points";

const targets = [
  { metric: "tests.pass_ratio", target: ">= 1" },
  { metric: "lint.errors", target: "<= 0" },
];

test("a goal closing in on its targets falls to 0, each target weighed on its own scale", () => {
  const values = sparklinePoints(targets, [
    { metrics: { "tests.pass_ratio": 0.5, "lint.errors": 40 } },
    { metrics: { "tests.pass_ratio": 0.75, "lint.errors": 10 } },
    { metrics: { "tests.pass_ratio": 1, "lint.errors": 0 } },
  ]);
  // tests: 0.5, 0.25, 0 of its worst 0.5; lint: 40, 10, 0 of its worst 40.
  assert.deepEqual(values, [1, (0.5 + 0.25) / 2, 0]);
});

test("a target that held all along counts as 0, not as a division by zero", () => {
  const values = sparklinePoints(targets, [
    { metrics: { "tests.pass_ratio": 0.5, "lint.errors": 0 } },
    { metrics: { "tests.pass_ratio": 1, "lint.errors": 0 } },
  ]);
  assert.deepEqual(values, [0.5, 0]);
});

test("a metric that was not measured is as far as it gets", () => {
  const values = sparklinePoints(targets, [{ metrics: { "tests.pass_ratio": 0.5 } }, { metrics: { "tests.pass_ratio": 1, "lint.errors": 0 } }]);
  assert.deepEqual(values, [1, 0]);
});

test("a regression shows as a rise", () => {
  const values = sparklinePoints(
    [targets[0]],
    [0.6, 0.9, 0.7, 1].map((ratio) => ({ metrics: { "tests.pass_ratio": ratio } })),
  );
  assert.ok(values[2] > values[1], "iteration 2 went back up");
  assert.equal(values[3], 0);
});

test("no targets or no iterations make no points", () => {
  assert.deepEqual(sparklinePoints([], [{ metrics: {} }]), []);
  assert.deepEqual(sparklinePoints(targets, []), []);
});

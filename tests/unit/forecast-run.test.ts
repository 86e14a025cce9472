import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { forecastRun, type ForecastInput, type ForecastIteration } from "../../server/forecast/forecast-run";
import { specTargets } from "../../server/loop/spec-targets";

const ratio = specTargets({ metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }] });
const two = specTargets({
  metrics: [
    { metric: "tests.pass_ratio", target: ">= 1" },
    { metric: "lint.errors", target: "<= 0" },
  ],
});

// The baseline, then one agent iteration per value, each costing $0.10 and two minutes.
function run(values: (Record<string, number> | null)[], extra: Partial<ForecastIteration> = {}): ForecastIteration[] {
  return values.map((metrics, number) => ({
    number,
    agent: number > 0,
    measured: metrics !== null,
    metrics: metrics ?? {},
    costUsd: number > 0 ? 0.1 : 0,
    ms: number > 0 ? 120_000 : 5_000,
    ...extra,
  }));
}
const pass = (...values: number[]) => run(values.map((value) => ({ "tests.pass_ratio": value })));
const budgets = (used = 0, limit: number | null = 100): ForecastInput["budgets"] => ({
  iterations: { used, limit },
  costUsd: { used: used * 0.1, limit: null },
  minutes: { used: used * 2, limit: 600 },
});

test("steady progress projects the iterations left, and the cost and time they take at the run's rate", () => {
  const forecast = forecastRun({ targets: ratio, iterations: pass(0.5, 0.6, 0.7), budgets: budgets(2) });
  assert.equal(forecast.kind, "projected");
  if (forecast.kind !== "projected") return;
  assert.deepEqual(forecast.iterations, { estimate: 3, low: 3, high: 3 }, "0.3 left at 0.1 an iteration, exactly on the line");
  assert.ok(Math.abs(forecast.costUsd.estimate - 0.3) < 1e-9);
  assert.equal(forecast.minutes.estimate, 6);
  assert.equal(forecast.slowest, "tests.pass_ratio");
  assert.match(forecast.message, /^about 3 more iterations \(3 at best, up to 3\), set by tests\.pass_ratio$/);
  assert.deepEqual(forecast.warnings, []);
});

test("uneven progress gives a range around the estimate, and an open end when the trend could be flat", () => {
  const uneven = forecastRun({ targets: ratio, iterations: pass(0.2, 0.3, 0.3, 0.5, 0.5, 0.6), budgets: budgets(5) });
  assert.equal(uneven.kind, "projected");
  if (uneven.kind !== "projected") return;
  assert.ok(
    uneven.iterations.low < uneven.iterations.estimate && uneven.iterations.estimate < (uneven.iterations.high ?? Infinity),
    JSON.stringify(uneven.iterations),
  );
  const barely = forecastRun({ targets: ratio, iterations: pass(0.5, 0.5, 0.5, 0.5, 0.9), budgets: budgets(4) });
  assert.equal(barely.kind === "projected" && barely.iterations.high, null, "one jump after a long flat: it may never get there");
});

test("a target that has not moved over the window is no progress, and says the run will end on its budgets", () => {
  const flat = forecastRun({ targets: ratio, iterations: pass(0.5, 0.5, 0.5, 0.5), budgets: budgets(3, 10) });
  assert.equal(flat.kind, "no-progress");
  assert.match(flat.message, /tests\.pass_ratio has not moved toward >= 1 over the last 4 iterations; .* its 7 iterations left/);
});

test("too early: fewer than three iterations, or a target measured fewer than three times; met: nothing to forecast", () => {
  assert.deepEqual(forecastRun({ targets: ratio, iterations: pass(0.5, 0.6), budgets: budgets(1) }).kind, "too-early");
  assert.equal((forecastRun({ targets: ratio, iterations: [], budgets: budgets() }) as { needed: number }).needed, 3);
  const late = run([{}, { "tests.pass_ratio": 0.5 }, { "tests.pass_ratio": 0.6 }]);
  assert.match(forecastRun({ targets: ratio, iterations: late, budgets: budgets(2) }).message, /tests\.pass_ratio measured 1 more time/);
  assert.equal(forecastRun({ targets: ratio, iterations: pass(0.5, 0.9, 1), budgets: budgets(2) }).kind, "met");
});

test("the slowest target sets the estimate: the goal converges when every target holds at once", () => {
  const iterations = run([
    { "tests.pass_ratio": 0.7, "lint.errors": 10 },
    { "tests.pass_ratio": 0.8, "lint.errors": 9 },
    { "tests.pass_ratio": 0.9, "lint.errors": 8 },
  ]);
  const forecast = forecastRun({ targets: two, iterations, budgets: budgets(2) });
  assert.equal(forecast.kind === "projected" && forecast.slowest, "lint.errors");
  assert.equal(forecast.kind === "projected" && forecast.iterations.estimate, 8);
});

test("an agent failure is an iteration spent without progress: it slows the trend", () => {
  const steady = forecastRun({ targets: ratio, iterations: pass(0.4, 0.6, 0.8), budgets: budgets(2) });
  const failing = forecastRun({
    targets: ratio,
    iterations: run([{ "tests.pass_ratio": 0.4 }, null, { "tests.pass_ratio": 0.6 }, null, { "tests.pass_ratio": 0.8 }]),
    budgets: budgets(4),
  });
  assert.ok(steady.kind === "projected" && failing.kind === "projected");
  assert.ok(failing.iterations.estimate > steady.iterations.estimate, `${failing.iterations.estimate} vs ${steady.iterations.estimate}`);
});

test("a projection past a budget warns, saying how sure; 80% of a budget used warns too", () => {
  const iterations = pass(0.5, 0.6, 0.7);
  const tight = forecastRun({
    targets: ratio,
    iterations,
    budgets: { iterations: { used: 2, limit: 4 }, costUsd: { used: 0.35, limit: 0.4 }, minutes: { used: 4, limit: 600 } },
  });
  assert.deepEqual(
    tight.warnings.map((warning) => [warning.budget, warning.kind]),
    [
      ["cost", "near"],
      ["iterations", "projected"],
      ["cost", "projected"],
    ],
  );
  assert.equal(tight.warnings[1].message, "even at best, the run needs 5 of stop.maxIterations 4");
  assert.equal(tight.warnings[0].message, "87% of stop.maxCostUsd is used");
  assert.equal(tight.warnings[2].message, "even at best, the run needs $0.65 of stop.maxCostUsd $0.40");
  const later = forecastRun({
    targets: ratio,
    iterations,
    budgets: { iterations: { used: 2, limit: 6 }, costUsd: { used: 0, limit: null }, minutes: { used: 4, limit: 600 } },
  });
  assert.deepEqual(later.warnings, [], "5 of 6: within the budget");
  const thirds = forecastRun({
    targets: ratio,
    iterations,
    budgets: { iterations: { used: 2, limit: 100 }, costUsd: { used: 0.3 + 0.3 + 0.3, limit: 1 }, minutes: { used: 0, limit: 600 } },
  });
  assert.equal(thirds.warnings[0].message, "90% of stop.maxCostUsd is used", "sums of cents that fall short of 0.9 in binary still read 90%");
  const roomy = forecastRun({ targets: ratio, iterations, budgets: budgets(2, 10) });
  assert.deepEqual(roomy.warnings, []);
});

test("on any trend that closes in, the range holds the estimate and the estimate covers what is left", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      fc.array(fc.double({ min: 0, max: 0.1, noNaN: true }), { minLength: 2, maxLength: 15 }),
      (start, steps) => {
        const values = [start];
        for (const step of steps) values.push(Math.min(0.99, values.at(-1)! + step));
        const forecast = forecastRun({ targets: ratio, iterations: pass(...values), budgets: budgets(steps.length) });
        if (forecast.kind !== "projected") return;
        const { estimate, low, high } = forecast.iterations;
        assert.ok(low >= 1 && low <= estimate && estimate <= (high ?? Infinity), JSON.stringify(forecast.iterations));
        assert.ok(Number.isInteger(estimate) && Number.isInteger(low));
      },
    ),
    { numRuns: 500 },
  );
});

// A running goal's forecast: how many more iterations, how much more cost and time it will take to reach
// its targets at the rate it has been closing on them, with a range, and whether that passes a budget.
// Pure: the run's measured iterations and budgets in, a forecast out (no I/O, no clock).
//
// For each target not yet met, the best distance so far to the target (0 when it holds; server/loop/distance.ts)
// is fitted against the run's iteration count by least squares over the last WINDOW iterations. The slope is
// the distance closed per iteration; what is left divided by it is the iterations still needed. The range
// takes the slope two standard errors either side (the high end has no bound once that slope is flat). The
// goal converges when every target holds at once, so the slowest target sets the estimate. Cost and time
// per iteration are the run's means so far.
import { distance } from "../loop/distance";
import { measured, type MetricTarget } from "../loop/spec-targets";

export const WINDOW = 10; // recent iterations the trend is fitted over: older ones describe a different stage
export const MIN_POINTS = 3; // the baseline and two agent iterations: a line through two points has no error
export const NEAR_BUDGET = 0.8; // the share of a budget at which a goal is warned

export type ForecastIteration = {
  number: number;
  agent: boolean; // an agent ran (not the baseline or a re-measure)
  measured: boolean; // its layers measured it (Evaluated); an agent failure measured nothing
  metrics: Record<string, number>;
  costUsd: number;
  ms: number; // wall time from start to finish
};

export type RunBudget = { used: number; limit: number | null };
export type ForecastInput = {
  targets: MetricTarget[];
  iterations: ForecastIteration[]; // this run's finished iterations, in order
  budgets: { iterations: RunBudget; costUsd: RunBudget; minutes: RunBudget };
};

export type Range = { estimate: number; low: number; high: number | null }; // high null: no upper bound
export type BudgetName = "iterations" | "cost" | "time";
export type BudgetWarning = { budget: BudgetName; kind: "projected" | "near"; message: string };

export type Forecast = (
  | { kind: "met"; message: string }
  | { kind: "too-early"; message: string; needed: number }
  | { kind: "no-progress"; message: string; metric: string }
  | { kind: "projected"; message: string; iterations: Range; costUsd: Range; minutes: Range; slowest: string }
) & { warnings: BudgetWarning[] };

export function forecastRun(input: ForecastInput): Forecast {
  const warnings = nearWarnings(input.budgets);
  const points = input.iterations.length;
  if (points === 0)
    return { kind: "too-early", needed: MIN_POINTS, message: `a forecast needs ${MIN_POINTS} measured iterations in this run; none yet`, warnings };
  const best = bestSoFar(input);
  const now = best.at(-1)!;
  const unmet = input.targets.filter((_, index) => now[index] > 0);
  if (unmet.length === 0) return { kind: "met", message: "every target has held on some iteration of this run", warnings };
  if (points < MIN_POINTS) {
    const needed = MIN_POINTS - points;
    return {
      kind: "too-early",
      needed,
      message: `a forecast needs ${needed} more ${needed === 1 ? "iteration" : "iterations"} in this run to see a trend`,
      warnings,
    };
  }
  const start = Math.max(0, points - WINDOW);
  let slowest: { metric: string; range: Range } | null = null;
  for (const [index, target] of input.targets.entries()) {
    if (now[index] === 0) continue;
    if (!Number.isFinite(now[index]))
      return noProgress(target.metric, `${target.metric} has not been measured in this run, so there is no trend to project`, input, warnings);
    // A target first measured partway through the run is fitted from then on.
    const trend = best
      .slice(start)
      .map((distances, offset): [number, number] => [start + offset, distances[index]])
      .filter(([, y]) => Number.isFinite(y));
    if (trend.length < MIN_POINTS) {
      const needed = MIN_POINTS - trend.length;
      return {
        kind: "too-early",
        needed,
        message: `a forecast needs ${target.metric} measured ${needed} more ${needed === 1 ? "time" : "times"} in this run to see a trend`,
        warnings,
      };
    }
    const fit = fitLine(trend);
    if (fit.slope >= 0)
      return noProgress(
        target.metric,
        `${target.metric} has not moved toward ${target.text} over the last ${points - start} iterations; at this rate it will not get there`,
        input,
        warnings,
      );
    const range = remaining(now[index], fit);
    if (!slowest || range.estimate > slowest.range.estimate) slowest = { metric: target.metric, range };
  }
  const iterations = slowest!.range;
  const perIteration = means(input.iterations);
  const costUsd = scale(iterations, perIteration.costUsd);
  const minutes = scale(iterations, perIteration.minutes);
  warnings.push(...projectedWarnings(input.budgets, { iterations, costUsd, minutes }));
  const high = iterations.high === null ? "or never, at the slowest rate the trend allows" : `up to ${iterations.high}`;
  return {
    kind: "projected",
    iterations,
    costUsd,
    minutes,
    slowest: slowest!.metric,
    warnings,
    message: `about ${iterations.estimate} more ${iterations.estimate === 1 ? "iteration" : "iterations"} (${iterations.low} at best, ${high}), set by ${slowest!.metric}`,
  };
}

// After each iteration of the run, the smallest distance to each target any measured iteration has reached.
function bestSoFar(input: ForecastInput): number[][] {
  let best = input.targets.map(() => Infinity);
  return input.iterations.map((iteration) => {
    if (iteration.measured)
      best = input.targets.map(({ metric, target }, index) => Math.min(best[index], distance(target, measured(iteration.metrics, metric))));
    return best;
  });
}

type Fit = { slope: number; slopeError: number };

// Least squares y = a + b·x, and the standard error of b (0 when the points sit on the line).
function fitLine(points: [number, number][]): Fit {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  const slope = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / sxx;
  const residuals = points.reduce((sum, [x, y]) => sum + (y - (meanY + slope * (x - meanX))) ** 2, 0);
  return { slope, slopeError: n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : 0 };
}

// Iterations to close `left` at the fitted rate; the range from the rate two standard errors either side.
function remaining(left: number, fit: Fit): Range {
  const iterations = (rate: number) => Math.max(1, Math.ceil(left / rate - 1e-9));
  const rate = -fit.slope;
  const fastest = rate + 2 * fit.slopeError;
  const slowest = rate - 2 * fit.slopeError;
  return { estimate: iterations(rate), low: iterations(fastest), high: slowest > 0 ? iterations(slowest) : null };
}

function means(iterations: ForecastIteration[]): { costUsd: number; minutes: number } {
  const agents = iterations.filter((iteration) => iteration.agent);
  if (agents.length === 0) return { costUsd: 0, minutes: 0 };
  return {
    costUsd: agents.reduce((sum, iteration) => sum + iteration.costUsd, 0) / agents.length,
    minutes: agents.reduce((sum, iteration) => sum + iteration.ms, 0) / agents.length / 60_000,
  };
}

function scale(range: Range, each: number): Range {
  return { estimate: range.estimate * each, low: range.low * each, high: range.high === null ? null : range.high * each };
}

function noProgress(metric: string, message: string, input: ForecastInput, warnings: BudgetWarning[]): Forecast {
  const { limit, used } = input.budgets.iterations;
  const left = limit === null ? "" : `; the run ends when its ${limit - used} iterations left are used up, or sooner if it stalls`;
  return { kind: "no-progress", metric, message: message + left, warnings };
}

const BUDGET_NAMES: Record<BudgetName, string> = { iterations: "stop.maxIterations", cost: "stop.maxCostUsd", time: "stop.maxDurationMinutes" };

function nearWarnings(budgets: ForecastInput["budgets"]): BudgetWarning[] {
  const warnings: BudgetWarning[] = [];
  for (const [budget, { used, limit }] of budgetEntries(budgets)) {
    if (limit !== null && limit > 0 && used >= NEAR_BUDGET * limit) {
      // $0.30 three times over $1 is 90%, though in binary the sum falls a hair short.
      warnings.push({ budget, kind: "near", message: `${Math.min(100, Math.floor((used / limit) * 100 + 1e-6))}% of ${BUDGET_NAMES[budget]} is used` });
    }
  }
  return warnings;
}

function projectedWarnings(budgets: ForecastInput["budgets"], projected: Record<"iterations" | "costUsd" | "minutes", Range>): BudgetWarning[] {
  const warnings: BudgetWarning[] = [];
  const more = { iterations: projected.iterations, cost: projected.costUsd, time: projected.minutes };
  for (const [budget, { used, limit }] of budgetEntries(budgets)) {
    if (limit === null) continue;
    const range = more[budget];
    if (used + range.estimate <= limit) continue;
    const likely = used + range.low > limit ? "even at best" : "at the current rate";
    warnings.push({
      budget,
      kind: "projected",
      message: `${likely}, the run needs ${describe(budget, used + range.estimate)} of ${BUDGET_NAMES[budget]} ${describe(budget, limit)}`,
    });
  }
  return warnings;
}

function budgetEntries(budgets: ForecastInput["budgets"]): [BudgetName, RunBudget][] {
  return [
    ["iterations", budgets.iterations],
    ["cost", budgets.costUsd],
    ["time", budgets.minutes],
  ];
}

function describe(budget: BudgetName, amount: number): string {
  if (budget === "iterations") return String(Math.ceil(amount));
  if (budget === "cost") return `$${amount.toFixed(2)}`;
  return `${Math.ceil(amount)} min`;
}

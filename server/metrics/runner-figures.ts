// What a runner measures about itself for /api/metrics, kept in its Runner row (`figures`): histograms as
// bucket counts with fixed bounds, so the web process adds every runner's rows up without raw samples.
// Cumulative since the runner started; a new process is a new row, so the sums over all rows only grow.
import { z } from "zod";

// Seconds. Claims are milliseconds when a runner is idle, and up to an iteration when every slot is busy;
// the overhead is what an iteration costs beyond its agent and layers (bench: tens of milliseconds).
export const CLAIM_LATENCY_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;
export const ITERATION_OVERHEAD_BOUNDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

// counts[i]: observations in (bounds[i-1], bounds[i]]; the last entry is above every bound (+Inf).
const histogramSchema = z.object({ counts: z.array(z.number().int().nonnegative()), sum: z.number(), count: z.number().int().nonnegative() });
export type HistogramFigures = z.infer<typeof histogramSchema>;

export const runnerFiguresSchema = z.object({
  claimLatencySeconds: histogramSchema,
  iterationOverheadSeconds: histogramSchema,
  // Claims of a goal whose holder had stopped renewing its lease.
  takeovers: z.number().int().nonnegative(),
});
export type RunnerFigures = z.infer<typeof runnerFiguresSchema>;

export function emptyHistogram(bounds: readonly number[]): HistogramFigures {
  return { counts: new Array(bounds.length + 1).fill(0), sum: 0, count: 0 };
}

export function emptyRunnerFigures(): RunnerFigures {
  return { claimLatencySeconds: emptyHistogram(CLAIM_LATENCY_BOUNDS), iterationOverheadSeconds: emptyHistogram(ITERATION_OVERHEAD_BOUNDS), takeovers: 0 };
}

export function observe(histogram: HistogramFigures, bounds: readonly number[], value: number): void {
  const index = bounds.findIndex((bound) => value <= bound);
  histogram.counts[index === -1 ? bounds.length : index] += 1;
  histogram.sum += value;
  histogram.count += 1;
}

// Rows written before the column existed hold {}, and rows of a runner with other bounds cannot be
// added bucket by bucket: both count as nothing rather than as a wrong figure.
export function readRunnerFigures(stored: unknown): RunnerFigures {
  const parsed = runnerFiguresSchema.safeParse(stored);
  if (!parsed.success) return emptyRunnerFigures();
  const figures = parsed.data;
  const fits = (histogram: HistogramFigures, bounds: readonly number[]) => histogram.counts.length === bounds.length + 1;
  return {
    claimLatencySeconds: fits(figures.claimLatencySeconds, CLAIM_LATENCY_BOUNDS) ? figures.claimLatencySeconds : emptyHistogram(CLAIM_LATENCY_BOUNDS),
    iterationOverheadSeconds: fits(figures.iterationOverheadSeconds, ITERATION_OVERHEAD_BOUNDS)
      ? figures.iterationOverheadSeconds
      : emptyHistogram(ITERATION_OVERHEAD_BOUNDS),
    takeovers: figures.takeovers,
  };
}

export function addRunnerFigures(total: RunnerFigures, more: RunnerFigures): RunnerFigures {
  const add = (a: HistogramFigures, b: HistogramFigures): HistogramFigures => ({
    counts: a.counts.map((n, i) => n + b.counts[i]),
    sum: a.sum + b.sum,
    count: a.count + b.count,
  });
  return {
    claimLatencySeconds: add(total.claimLatencySeconds, more.claimLatencySeconds),
    iterationOverheadSeconds: add(total.iterationOverheadSeconds, more.iterationOverheadSeconds),
    takeovers: total.takeovers + more.takeovers,
  };
}

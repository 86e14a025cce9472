// Best of N: how many candidate agents the next iteration runs (spec.strategy), and why when not the strategy's N.
import type { GoalSpec } from "../spec/goal-spec";
import { formatUsd } from "./stop-messages";
import type { IterationRecord } from "./types";
import { isBaseline } from "./walk-history";

// inRun: this run's measured records. An onStall strategy escalates once per run.
export function escalatesOnStall(spec: GoalSpec, inRun: readonly IterationRecord[]): boolean {
  return spec.strategy.when === "onStall" && spec.strategy.candidates > 1 && !inRun.some((record) => (record.candidates ?? 1) > 1);
}

export function candidateCount(spec: GoalSpec, inRun: readonly IterationRecord[], costUsed: number, escalate: boolean): { candidates: number; note?: string } {
  const wanted = spec.strategy.when === "always" || escalate ? spec.strategy.candidates : 1;
  const escalated = escalate
    ? `no target improved for ${spec.stop.stallIterations} iterations, so this one runs ${wanted} candidates (strategy.when: onStall) before the loop gives up`
    : undefined;
  if (wanted === 1 || spec.stop.maxCostUsd === undefined) return withNote(wanted, escalated);
  // A candidate is expected to cost what an agent run cost so far in this run.
  const runs = inRun.filter((record) => !isBaseline(record));
  const count = runs.reduce((sum, record) => sum + (record.candidates ?? 1), 0);
  const each = count === 0 ? 0 : runs.reduce((sum, record) => sum + record.costUsd, 0) / count;
  if (each <= 0) return withNote(wanted, escalated);
  const left = spec.stop.maxCostUsd - costUsed;
  // Sums of costs carry float error (0.8 + 0.2 is 0.9999…): a candidate that fits to a billionth of a dollar fits.
  const affordable = Math.max(1, Math.min(wanted, Math.floor(left / each + 1e-9)));
  if (affordable === wanted) return withNote(wanted, escalated);
  const cut = `the cost budget affords ${affordable} of ${wanted} candidates (${formatUsd(left)} left, about ${formatUsd(each)} each)`;
  return withNote(affordable, escalated ? `${escalated}; ${cut}` : cut);
}

function withNote(candidates: number, note: string | undefined): { candidates: number; note?: string } {
  return note === undefined ? { candidates } : { candidates, note };
}

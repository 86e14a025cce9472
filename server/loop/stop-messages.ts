// Why a goal stopped, in words a person reads on the goal's page and in the CLI.
import { formatValue, measured, type MetricTarget } from "./spec-targets";
import { distance } from "./distance";
import type { IterationRecord } from "./types";

// "without meeting tests.pass_ratio >= 1 (best 0.8 at iteration 7)"
export function describeGap(targets: MetricTarget[], best: IterationRecord | null): string {
  if (!best) return "without an iteration to compare against";
  const unmet = targets.filter(({ metric, target }) => distance(target, measured(best.metrics, metric)) > 0);
  if (unmet.length === 0) return `without an approved result (iteration ${best.number} meets every target)`;
  const parts = unmet.map(({ metric, text }) => `${metric} ${text} (best ${formatValue(measured(best.metrics, metric))} at iteration ${best.number})`);
  return `without meeting ${parts.join(", ")}`;
}

// "iteration 2: tests.pass_ratio 0.8 (target >= 1), lint.errors 0 (target <= 0)"
export function describeIteration(targets: MetricTarget[], record: IterationRecord): string {
  const values = targets.map(({ metric, text }) => `${metric} ${formatValue(measured(record.metrics, metric))} (target ${text})`);
  return `iteration ${record.number}: ${values.join(", ")}`;
}

export function formatUsd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

export function listNumbers(records: readonly IterationRecord[]): string {
  const numbers = records.map((r) => r.number);
  if (numbers.length <= 2) return numbers.join(" and ");
  const contiguous = numbers.every((n, i) => i === 0 || n === numbers[i - 1] + 1);
  return contiguous ? `${numbers[0]}-${numbers.at(-1)}` : numbers.join(", ");
}

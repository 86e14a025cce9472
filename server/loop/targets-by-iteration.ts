// The targets each iteration was judged against, relative ones resolved (the chart's target line, the pages' ✓/✗).
// Each run since a baseline is walked on its own, as the judge walks the latest one: O(n), not a replay per row.
import type { GoalSpec } from "../spec/goal-spec";
import type { MetricTarget } from "./spec-targets";
import type { IterationRecord } from "./types";
import { isBaseline, walkHistory } from "./walk-history";

export function targetsByIteration(spec: GoalSpec, records: readonly IterationRecord[]): Map<number, MetricTarget[]> {
  const byNumber = new Map<number, MetricTarget[]>();
  let start = 0;
  for (let end = 1; end <= records.length; end++) {
    if (end < records.length && !(isBaseline(records[end]) && records[end].outcome === "Evaluated")) continue;
    for (const step of walkHistory(spec, records.slice(start, end)).steps) byNumber.set(step.record.number, step.targets);
    start = end;
  }
  return byNumber;
}

// Relative targets resolved for a candidate, purely from the measured history: "baseline" is the run's baseline
// measurement (the candidate's own when it is that baseline), "best" the best accepted iteration before it (the
// baseline's value before there is one). A metric the referenced iteration did not measure leaves the target
// unresolved, with the reason: it never holds.
import type { GoalSpec } from "../spec/goal-spec";
import { specTargets, type MetricTarget } from "./spec-targets";
import type { IterationRecord } from "./types";

type Measured = Pick<IterationRecord, "metrics" | "fromIteration">;

export function targetsFor(spec: Pick<GoalSpec, "metrics">, baseline: Measured | null, best: Measured | null, candidate: Measured | null): MetricTarget[] {
  const start = baseline ?? (candidate && candidate.fromIteration === null ? candidate : null); // a baseline runs no agent
  return specTargets(spec, { baseline: start?.metrics ?? null, best: (best ?? start)?.metrics ?? null });
}

// An iteration whose agent changed a protected path (evaluation.protect) gamed the harness, or tried to:
// whatever it measured, it is never accepted and never converges the goal. Read from the measured metric.
import { PROTECT_VIOLATIONS_METRIC } from "../spec/protect-spec";
import { measured } from "./spec-targets";
import type { IterationRecord } from "./types";

export function protectViolated(record: Pick<IterationRecord, "metrics">): boolean {
  return (measured(record.metrics, PROTECT_VIOLATIONS_METRIC) ?? 0) > 0;
}

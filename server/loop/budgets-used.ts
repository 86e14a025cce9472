// What a run has used of its budgets, counted one way for decide() and for the pages and the CLI.
import type { History, IterationRecord } from "./types";
import { isBaseline } from "./walk-history";

export type BudgetRecord = Pick<IterationRecord, "number" | "outcome" | "fromIteration" | "costUsd">;
export type BudgetsUsed = { iterations: number; costUsd: number; elapsedMs: number };

// records: the measured history (no Running rows). The run counts from windowStart, its clock from
// runStartedAt until now (the read models pass the moment the clock stopped).
export function budgetsUsed(records: readonly BudgetRecord[], run: Pick<History, "windowStart" | "runStartedAt" | "now">): BudgetsUsed {
  const inRun = records.filter((record) => record.number >= (run.windowStart ?? 0));
  return {
    // Agent failures use up iterations; a baseline (a run's or a drift's measurement, no agent) does not, and an
    // interrupted try is redone under its number, though its cost counts.
    iterations: inRun.filter((record) => record.outcome !== "Interrupted" && !isBaseline(record)).length,
    costUsd: inRun.reduce((sum, record) => sum + record.costUsd, 0),
    elapsedMs: run.now - run.runStartedAt,
  };
}

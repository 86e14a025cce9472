// What the summary strip says (read-summary.ts reads it), with the terms it counts in: apart from the
// read, so the browser's copy of the strip can share them.
import type { Phase } from "../loop/types";

export const RECENT_HOURS = 24; // a goal that failed or stalled this long ago still waits for someone
export const NEAR_BUDGET = 0.8; // the share of a cost budget at which a goal is counted as close to it

export type Summary = {
  total: number;
  phases: Record<Phase, number>;
  gates: { waiting: number; oldestSince: string | null }; // approval gates open now, and since when the oldest waits
  failedRecently: number; // goals Failed now that failed within RECENT_HOURS
  stalledRecently: number;
  iterationsLastHour: number; // finished (measured, or the agent failed) in the last 60 minutes
  spendTodayUsd: number; // every iteration finished since 00:00 UTC
  // Goals still going (queued, running, waiting, paused) with stop.maxCostUsd: this run's spend against it.
  budgets: { goals: number; usedUsd: number; limitUsd: number; nearLimit: number };
};

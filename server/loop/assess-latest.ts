// What the runner stores on a just-evaluated iteration, recomputed by replaying the history before it.
import type { GoalSpec } from "../spec/goal-spec";
import { assessAgainst } from "./assess";
import type { Assessment, IterationRecord } from "./types";
import { targetsFor } from "./resolve-targets";
import { walkHistory } from "./walk-history";

// The last record against the best accepted iteration before it.
export function assessLatest(spec: GoalSpec, records: readonly IterationRecord[]): Assessment {
  const last = records.at(-1);
  if (!last) throw new Error("assessLatest needs at least one iteration");
  const before = walkHistory(spec, records.slice(0, -1));
  return assessAgainst(targetsFor(spec, before.baseline, before.best, last), before.best, last);
}

// The best accepted iteration: acceptance is replayed, so records may be the whole history
// (failed, rejected, reverted ones are skipped) or only accepted ones (same answer). Ordered by number.
export function bestOf(spec: GoalSpec, records: readonly IterationRecord[]): IterationRecord | null {
  return walkHistory(spec, records).best;
}

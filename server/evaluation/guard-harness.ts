// The measure step's guard of the harness, in three calls around the agent and the layers: snapshot (after
// setup, before the agent), restore (after the agent, before its commit and the layers), record (what the
// iteration stores: the protect.violations metric, which paths and how, and the hash of every file measured).
import type { GoalSpec } from "../spec/goal-spec";
import type { Worktree } from "../workspace/worktree";
import { worktreeChanges, type WorktreeChanges } from "../workspace/worktree-changes";
import { hashProtected, protectionFor, protectMetrics, restoreProtected, untrackedProtected, type Protection, type ProtectViolation } from "./protect-paths";
import type { EvaluationResult, MeasuredFile } from "./types";

export type HarnessGuard = { worktree: Worktree; protection: Protection; base: string; untrackedBefore: Set<string> };
export type HarnessRestored = { violations: ProtectViolation[]; restored: string[]; measuredFiles: MeasuredFile[] };
export type HarnessRecord = { evaluation: EvaluationResult; protectViolations: ProtectViolation[]; measuredFiles: MeasuredFile[] };

// base: the goal's starting commit. agentRuns: whether an agent will edit the worktree before the measurement.
export async function snapshotHarness(worktree: Worktree, spec: GoalSpec, base: string, agentRuns: boolean): Promise<HarnessGuard | null> {
  const protection = protectionFor(spec);
  if (!protection) return null;
  return { worktree, protection, base, untrackedBefore: agentRuns ? await untrackedProtected(worktree, protection) : new Set() };
}

// agentFrom: the commit the agent started from; null when no agent ran (a baseline, a resync).
// Returns what the agent changed there, every path put back (for a root runner to hand back), and the hash
// of each protected file as the layers will read it.
export async function restoreHarness(guard: HarnessGuard | null, agentFrom: string | null): Promise<HarnessRestored> {
  if (!guard) return { violations: [], restored: [], measuredFiles: [] };
  const { violations, restored } = await restoreProtected(guard.worktree, guard.protection, {
    base: guard.base,
    agentFrom,
    untrackedBefore: guard.untrackedBefore,
  });
  return { violations, restored, measuredFiles: await hashProtected(guard.worktree, guard.protection, guard.base) };
}

// What the agent's commit records: its changes as found after the restore (`found`, when nothing was restored
// since it was taken), but never what setup left under a protected path, so no commit changes the harness.
export async function changesToCommit(
  guard: HarnessGuard | null,
  worktree: Worktree,
  startCommit: string,
  restored: HarnessRestored,
  found: WorktreeChanges,
): Promise<WorktreeChanges> {
  if (!guard) return found;
  const changes = restored.restored.length > 0 ? await worktreeChanges(worktree, startCommit) : found;
  if (guard.untrackedBefore.size === 0) return changes;
  const keep = (file: string) => !guard.untrackedBefore.has(file);
  return { ...changes, uncommitted: changes.uncommitted.filter(keep), paths: changes.paths.filter(keep) };
}

// The evaluation as stored: with protect.violations among its metrics when the spec protects anything.
export function recordHarness(guard: HarnessGuard | null, evaluation: EvaluationResult, restored: HarnessRestored): HarnessRecord {
  const hidden = evaluation.layers.flatMap((layer) => layer.measuredFiles ?? []);
  const metrics = guard ? { ...evaluation.metrics, ...protectMetrics(guard.protection, restored.violations) } : evaluation.metrics;
  return { evaluation: { ...evaluation, metrics }, protectViolations: restored.violations, measuredFiles: [...restored.measuredFiles, ...hidden] };
}

// A converged goal's resync (triggers.schedule), Kubernetes' periodic resync: its layers measured again on
// the accepted commit in a fresh worktree, no agent. The commit does not change, so what a resync catches
// is drift from outside it: a dependency, a shared script, the environment.
import path from "node:path";
import { evaluateLayers } from "../evaluation/evaluate-layers";
import { recordHarness, restoreHarness, snapshotHarness } from "../evaluation/guard-harness";
import type { EvaluationResult } from "../evaluation/types";
import { runAgent } from "../executors/run-agent";
import { sandboxProblem } from "../process/require-sandbox";
import { runProcess } from "../process/run-process";
import type { Claimed } from "../queue/claim-next-goal";
import { isConnectionError, LeaseLostError, releaseLease } from "../queue/lease";
import { createWorktree } from "../workspace/create-worktree";
import { removeWorktree } from "../workspace/remove-worktree";
import { resolveCommit } from "../workspace/resolve-commit";
import { worktreePath } from "../workspace/worktree-path";
import { giveBackRestored } from "./give-worktree";
import { prepareGoalCommands } from "./goal-commands";
import { LeaseKeeper } from "./lease-keeper";
import { loadGoalState, type GoalState } from "./load-goal-state";
import type { ReconcileOptions } from "./reconcile-goal";
import { recordResync, recordResyncFailed } from "./record-resync";
import { asWorkspaceError, Repositories } from "./repositories";
import { removeOrphanedWorktrees } from "../workspace/remove-orphaned-worktrees";
import { SETUP_TIMEOUT_MS } from "./attempt";
import type { RunnerContext } from "./runner-context";

export type Measurement = {
  commit: string;
  evaluation: EvaluationResult;
  setupFailure: { exitCode: number | null; output: string } | null; // the layers did not run
  startedAt: Date;
  evalMs: number;
};

export async function resyncGoal(ctx: RunnerContext, { lease, desired }: Claimed, options: ReconcileOptions): Promise<void> {
  const keeper = new LeaseKeeper(ctx.db, lease, ctx.log, desired);
  keeper.start();
  const untrack = options.track(keeper);
  try {
    const state = await loadGoalState(ctx.db, lease.goalId);
    const measurement = await measure(ctx, lease.epoch, keeper.signal, state);
    // Drained or the lease lost: nothing is written and the resync stays due for whoever claims it next.
    if (keeper.signal.aborted) return;
    await recordResync(ctx, lease, state, measurement);
  } catch (error) {
    if (keeper.signal.aborted) return;
    if (error instanceof LeaseLostError) ctx.log(error.message);
    else if (isConnectionError(error)) ctx.log(`lost the database while resyncing ${lease.goalName}: ${(error as Error).message}`);
    else {
      ctx.log(`resync of ${lease.goalName} failed: ${process.env.SETPOINT_DEBUG ? (error as Error).stack : (error as Error).message}`);
      await recordResyncFailed(ctx, lease, (error as Error).message).catch(() => {});
    }
  } finally {
    untrack();
    keeper.stop();
    await releaseLease(ctx.db, lease).catch(() => {});
  }
}

async function measure(ctx: RunnerContext, epoch: number, signal: AbortSignal, state: GoalState): Promise<Measurement> {
  const { goal, spec } = state;
  const repoDir = await new Repositories(ctx.workDir).get(spec.workspace, goal.acceptedCommit);
  const commit = goal.acceptedCommit ?? (await asWorkspaceError(() => resolveCommit(repoDir, spec.workspace.ref)));
  // Per lease epoch, like an iteration's: a resync orphaned by a killed runner cannot touch its successor's.
  const dir = path.join(path.dirname(worktreePath(ctx.workDir, goal.name, 0)), `${goal.name}-resync-${epoch}`);
  // The layers run as they do in an iteration: under the goal's sandbox, never silently without it.
  const agentUser = ctx.agentUsers?.forGoal(goal.id) ?? null;
  const problem = await sandboxProblem(spec, ctx.runnerId, agentUser);
  if (problem) throw new Error(problem);
  const startedAt = new Date();
  try {
    await removeOrphanedWorktrees(repoDir, dir, epoch);
    const worktree = await createWorktree(repoDir, dir, commit);
    const { env, sandbox, user } = await prepareGoalCommands(ctx.workDir, agentUser, state, dir);
    if (spec.workspace.setup) {
      const setup = await runProcess({ command: spec.workspace.setup, cwd: dir, env, timeoutMs: SETUP_TIMEOUT_MS, signal, sandbox, user });
      if (signal.aborted) throw signal.reason;
      // A dependency that no longer installs is drift too: nothing could be measured.
      if (setup.exitCode !== 0) {
        return { commit, evaluation: { metrics: {}, layers: [], policyOk: true }, setupFailure: { exitCode: setup.exitCode, output: setup.output }, startedAt, evalMs: 0 };
      }
    }
    // Protected paths as they were at the goal's start, as before every measurement.
    const harness = await snapshotHarness(worktree, spec, goal.baseCommit ?? commit, false);
    const restored = await restoreHarness(harness, null);
    if (restored.restored.length > 0 && agentUser) await giveBackRestored(dir, restored.restored, agentUser);
    const handOver = agentUser ? (paths: string[]) => giveBackRestored(dir, paths, agentUser) : undefined;
    const started = Date.now();
    // As on a baseline: no change, so policy layers see an empty diff and reviewers are skipped.
    const evaluated = await evaluateLayers(spec, { cwd: dir, env, changes: [], diff: "", goal: goal.name, iteration: goal.currentIteration ?? 0, baseline: true, signal, runAgent, sandbox, user, handOver });
    const { evaluation } = recordHarness(harness, evaluated, restored);
    return { commit, evaluation, setupFailure: null, startedAt, evalMs: Date.now() - started };
  } finally {
    await removeWorktree(repoDir, dir).catch((error) => ctx.log(`could not remove worktree ${dir}: ${(error as Error).message}`));
  }
}

// A converged goal's resync (triggers.schedule), Kubernetes' periodic resync: its layers measured again on
// the accepted commit in a fresh worktree, no agent. The commit does not change, so what a resync catches
// is drift from outside it: a dependency, a shared script, the environment.
import path from "node:path";
import { sandboxProblem } from "../process/require-sandbox";
import type { Claimed } from "../queue/claim-next-goal";
import { isConnectionError, LeaseLostError, releaseLease } from "../queue/lease";
import { resolveCommit } from "../workspace/resolve-commit";
import { worktreePath } from "../workspace/worktree-path";
import { attempt } from "./attempt";
import { LeaseKeeper } from "./lease-keeper";
import { silentLive } from "./live-output";
import { loadGoalState, type GoalState } from "./load-goal-state";
import type { ReconcileOptions } from "./reconcile-goal";
import { recordResync, recordResyncFailed, type Measurement } from "./record-resync";
import { asWorkspaceError, Repositories } from "./repositories";
import { logFailure, type RunnerContext } from "./runner-context";

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
      await recordResyncFailed(ctx, lease, (error as Error).message).catch(logFailure(ctx, `record the failed resync of ${lease.goalName}`));
    }
  } finally {
    untrack();
    keeper.stop();
    await releaseLease(ctx.db, lease).catch(logFailure(ctx, `release the lease on ${lease.goalName}`));
  }
}

async function measure(ctx: RunnerContext, epoch: number, signal: AbortSignal, state: GoalState): Promise<Measurement> {
  const { goal, spec } = state;
  const repoDir = await new Repositories(ctx.workDir).get(spec.workspace, goal.acceptedCommit);
  const commit = goal.acceptedCommit ?? (await asWorkspaceError(() => resolveCommit(repoDir, spec.workspace.ref)));
  // The layers run as they do in an iteration: under the goal's sandbox, never silently without it.
  const problem = await sandboxProblem(spec, ctx.runnerId, (await ctx.agentUsers?.forGoal(goal.id)) ?? null);
  if (problem) throw new Error(problem);
  const startedAt = new Date();
  // Measured as a baseline is (no agent, an empty diff, reviewers skipped), in a worktree per lease epoch like an
  // iteration's, so a resync orphaned by a killed runner cannot touch its successor's.
  const tried = await attempt(
    ctx,
    signal,
    state,
    repoDir,
    {
      number: goal.currentIteration ?? 0,
      fromCommit: commit,
      baseline: true,
      agent: spec.agent,
      prompt: () => "",
      epoch,
      dir: path.join(path.dirname(worktreePath(ctx.workDir, goal.name, 0)), `${goal.name}-resync-${epoch}`),
    },
    silentLive(ctx.log),
  );
  // A dependency that no longer installs is drift too: nothing could be measured.
  if (tried.kind === "failed") {
    return {
      commit,
      evaluation: { metrics: {}, layers: [], policyOk: true },
      setupFailure: { exitCode: tried.agent.exitCode, output: tried.agent.output },
      startedAt,
      evalMs: 0,
    };
  }
  return { commit, evaluation: tried.evaluation, setupFailure: null, startedAt, evalMs: tried.evalMs };
}

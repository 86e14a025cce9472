// The effectful shell around decide(): load, decide, carry out, repeat, until the goal parks
// (waits for a person, backs off, ends) or the runner must let go of it.
import { notifyQueue, recordEvent } from "../events/record-event";
import { readPhase, setPhase, type PhaseChange } from "../goals/set-phase";
import type { Prisma } from "../generated/prisma/client";
import { buildPromptFor } from "./prompt-for";
import { decide } from "../loop/decide";
import { sandboxProblem } from "../process/require-sandbox";
import type { Decision, Phase } from "../loop/types";
import type { Claimed } from "../queue/claim-next-goal";
import { fenced, isConnectionError, LeaseLostError, releaseLease, type Lease } from "../queue/lease";
import { noMask, type Mask } from "../secrets/mask-secrets";
import { resolveCommit } from "../workspace/resolve-commit";
import { LeaseKeeper } from "./lease-keeper";
import { loadGoalState, type GoalState } from "./load-goal-state";
import { asWorkspaceError, Repositories, WorkspaceError } from "./repositories";
import { recordConvergence } from "./record-convergence";
import { interruptRunningIterations, markAbandonedIterations } from "./record-iteration";
import { runIteration } from "./run-iteration";
import { logFailure, type GoalStep, type RunnerContext } from "./runner-context";
import { saidUnderLease } from "./said-under-lease";

export type ReconcileOptions = { draining: () => boolean; track: (keeper: LeaseKeeper) => () => void };

export async function reconcileGoal(ctx: RunnerContext, { lease, desired }: Claimed, options: ReconcileOptions): Promise<void> {
  const keeper = new LeaseKeeper(ctx.db, lease, ctx.log, desired);
  keeper.start();
  const untrack = options.track(keeper);
  const repositories = new Repositories(ctx.workDir);
  // The goal's secrets as of the last step: an error's text may quote a command that printed one.
  let mask: Mask = noMask;
  try {
    await startRunning(ctx, lease);
    for (let step = 0; ; step++) {
      // The claim itself was the first renewal; later ones also ask whether to give way (below).
      if (step > 0) await keeper.beat(true);
      if (keeper.lost) return;
      if (await honourRequests(ctx, lease, keeper.desired)) return;
      if (options.draining()) {
        await park(ctx, lease, runnerStopped(ctx));
        return;
      }
      // A slot keeps its goal until the goal parks, so when every slot is busy a dead runner's goal would
      // wait for whole goals to end. After a step of progress, give way: back to the queue's front.
      if (step > 0 && keeper.giveWay) {
        await park(ctx, lease, {
          phase: "Queued",
          reason: "GaveWay",
          message: `runner ${ctx.runnerId} queued it again between iterations, to give its slot to a goal whose runner stopped`,
        });
        return;
      }
      const state = await loadGoalState(ctx.db, lease.goalId);
      mask = state.mask;
      const decision = decide(state.spec, state.history);
      if (await carryOut(ctx, lease, keeper, state, decision, repositories)) continue;
      // A cancel aborts the agent mid-iteration; record the cancel itself once the iteration has stopped. So does
      // a drain that outlasted its grace: the goal goes back to the queue as with a drain between iterations. Not
      // after a convergence this pass recorded (it keeps the lease until the end): the goal stays Converged.
      if (keeper.signal.aborted && !keeper.lost && decision.kind !== "Converged") {
        if (keeper.desired === "Cancel") await honourRequests(ctx, lease, keeper.desired);
        else if (options.draining()) await park(ctx, lease, runnerStopped(ctx));
      }
      return;
    }
  } catch (error) {
    if (error instanceof LeaseLostError) ctx.log(error.message);
    else if (isConnectionError(error)) {
      // Postgres stayed away too long: let go; the lease expires and the goal is taken over and resumed.
      ctx.log(`lost the database while working on ${lease.goalName}: ${(error as Error).message}`);
    } else if (error instanceof WorkspaceError) {
      ctx.log(`goal ${lease.goalName} failed: ${mask(error.message)}`);
      await park(ctx, lease, { phase: "Failed", reason: error.reason, message: mask(error.message) }).catch(
        logFailure(ctx, `record that ${lease.goalName} failed`),
      );
    } else {
      await retryOrFail(ctx, lease, error as Error, mask).catch(logFailure(ctx, `record the error of ${lease.goalName}`));
    }
  } finally {
    untrack();
    keeper.stop();
    // A park's commit let go of the lease already, and nothing of this runner can take it back (a renewal needs
    // it as owner): releasing it again would change nothing. Anything else (an error, a lost lease, a cancel
    // mid-iteration, a convergence) ends here still holding it, or not knowing, and releases it.
    if (!handedBack.delete(lease)) await releaseLease(ctx.db, lease).catch(logFailure(ctx, `release the lease on ${lease.goalName}`));
  }
}

// Returns true while the loop should go on.
async function carryOut(
  ctx: RunnerContext,
  lease: Lease,
  keeper: LeaseKeeper,
  state: GoalState,
  decision: Decision,
  repositories: Repositories,
): Promise<boolean> {
  const { spec, goal } = state;
  switch (decision.kind) {
    case "RunBaseline": {
      await requireSandbox(spec, goal.id, ctx);
      const repoDir = await repositories.get(spec.workspace, decision.fromCommit);
      const fromCommit = decision.fromCommit ?? (await asWorkspaceError(() => resolveCommit(repoDir, spec.workspace.ref)));
      await repositories.publish(repoDir, spec, goal.name, fromCommit);
      await runIteration(stepOf(ctx, lease, keeper, state, repositories, repoDir), {
        number: decision.number,
        fromIteration: null,
        fromCommit,
        prompt: () => "",
      });
      return !keeper.signal.aborted;
    }
    case "RunIteration": {
      await requireSandbox(spec, goal.id, ctx);
      const repoDir = await repositories.get(spec.workspace, decision.fromCommit);
      await repositories.publish(repoDir, spec, goal.name, decision.fromCommit);
      const prompt = await buildPromptFor(ctx.db, state, decision);
      await runIteration(stepOf(ctx, lease, keeper, state, repositories, repoDir), {
        number: decision.number,
        fromIteration: decision.fromIteration,
        fromCommit: decision.fromCommit,
        prompt,
        candidates: decision.candidates,
        note: decision.note,
      });
      return !keeper.signal.aborted;
    }
    case "RetryAfter":
      await park(ctx, lease, {
        phase: "Queued",
        reason: "RetryBackoff",
        message: `${decision.reason}; retrying in ${Math.ceil(decision.delayMs / 1000)}s`,
        data: { nextRunAt: new Date(Date.now() + decision.delayMs) },
      });
      return false;
    case "AwaitApproval":
      await parkWith(ctx, lease, async (tx) => {
        const parked = await handBack(tx, ctx, lease, {
          phase: "AwaitingApproval",
          reason: "ApprovalRequired",
          message: `iteration ${decision.iteration} waits for a person to approve or reject it`,
          event: { iteration: decision.iteration },
        });
        if (parked === "AwaitingApproval")
          await tx.iteration.updateMany({
            where: { goalId: goal.id, number: decision.iteration, approval: null },
            data: { approval: "pending", approvalRequestedAt: new Date() },
          });
      });
      return false;
    case "Converged": {
      const commit = state.iterations.find((row) => row.number === decision.iteration)?.commit;
      if (!commit) throw new Error(`iteration ${decision.iteration} met every target but records no commit`);
      const repoDir = await repositories.get(spec.workspace, commit);
      await repositories.publish(repoDir, spec, goal.name, commit);
      // Not converged when the spec changed meanwhile: decide again, under the new generation.
      return !(await recordConvergence(ctx, lease, state, decision.iteration, repoDir, commit));
    }
    case "Stalled":
      await park(ctx, lease, { phase: "Stalled", reason: "NoProgress", message: decision.message });
      return false;
    case "Exhausted":
      await park(ctx, lease, { phase: "Exhausted", reason: decision.reason, message: decision.message });
      return false;
    case "Failed":
      await park(ctx, lease, { phase: "Failed", reason: decision.reason, message: decision.message });
      return false;
  }
}

function runnerStopped(ctx: RunnerContext): Park {
  return { phase: "Queued", reason: "RunnerStopped", message: `runner ${ctx.runnerId} is shutting down; another runner takes over` };
}

type Park = { phase: "Queued" | "Paused" | "Stalled" | "Exhausted" | "Failed" | "Cancelled"; reason: string; message: string; data?: Record<string, unknown> };

async function park(ctx: RunnerContext, lease: Lease, change: Park): Promise<void> {
  await parkWith(ctx, lease, (tx) => handBack(tx, ctx, lease, change));
}

// Leases whose goal a committed park handed back (handBack), until reconcileGoal's end reads them.
const handedBack = new WeakSet<Lease>();

// `write` calls handBack: once its fenced transaction has committed, the lease is let go of.
async function parkWith(ctx: RunnerContext, lease: Lease, write: (tx: Prisma.TransactionClient) => Promise<unknown>): Promise<void> {
  await fenced(ctx.db, lease, write, () => handedBackAlready(ctx, lease));
  handedBack.add(lease);
}

// A park whose COMMIT's reply was lost: its retry meets no lease to fence on. Let go at this lease's epoch, the
// goal was parked by it (a takeover would have moved the epoch on), so it is not said lost to another runner.
async function handedBackAlready(ctx: RunnerContext, lease: Lease): Promise<{ value: unknown } | null> {
  const goal = await ctx.db.goal.findUnique({ where: { id: lease.goalId }, select: { leaseOwner: true, leaseEpoch: true } });
  return goal?.leaseOwner === null && goal.leaseEpoch === lease.epoch ? { value: undefined } : null;
}

// What a person asks of a held goal, as the runner carries it out.
const REQUESTED: Record<string, Park | undefined> = {
  Cancel: { phase: "Cancelled", reason: "CancelledByUser", message: "cancelled; the runner stopped working on it" },
  Pause: { phase: "Paused", reason: "PausedByUser", message: "paused after the current step" },
};

// Parks the goal and lets go of its lease in one transaction (the caller's fenced one), so no moment exists in
// which a person sees it held while its runner no longer looks: a pause or cancel sent after the step's check
// is honoured here, in place of a park that would wait (the queue, an approval gate), and one sent after this
// commit finds the goal not held and is carried out by whoever sends it. Returns the phase it was given.
async function handBack(tx: Prisma.TransactionClient, ctx: RunnerContext, lease: Lease, asked: PhaseChange): Promise<Phase> {
  const current = await readPhase(tx, lease.goalId);
  const requested = asked.phase === "Queued" || asked.phase === "AwaitingApproval" ? REQUESTED[current.desired] : undefined;
  const change = requested ?? asked;
  await setPhase(tx, lease.goalId, { ...change, actor: ctx.runnerId, data: { ...change.data, leaseOwner: null, leaseExpiresAt: null } }, current);
  if (change.phase === "Queued") await notifyQueue(tx);
  return change.phase;
}

// One transaction from the claim to Running: what an earlier holder left running is marked abandoned
// (it is redone), and the goal says who works on it.
async function startRunning(ctx: RunnerContext, lease: Lease): Promise<void> {
  await fenced(ctx.db, lease, async (tx) => {
    await markAbandonedIterations(tx, lease);
    const current = await readPhase(tx, lease.goalId);
    if (current.phase === "Running") return;
    await setPhase(
      tx,
      lease.goalId,
      {
        phase: "Running",
        reason: "Claimed",
        message: `runner ${ctx.runnerId} is working on it`,
        actor: ctx.runnerId,
        data: current.runStartedAt ? {} : { runStartedAt: new Date() },
      },
      current,
    );
  });
}

// Pause and cancel asked for while the runner held the goal.
async function honourRequests(ctx: RunnerContext, lease: Lease, desired: string): Promise<boolean> {
  const requested = REQUESTED[desired];
  if (requested) await park(ctx, lease, requested);
  return requested !== undefined;
}

// Never silently unsandboxed: a goal asking for bwrap on a runner that cannot give it fails, saying why.
async function requireSandbox(spec: GoalState["spec"], goalId: string, ctx: RunnerContext): Promise<void> {
  const problem = await sandboxProblem(spec, ctx.runnerId, (await ctx.agentUsers?.forGoal(goalId)) ?? null);
  if (problem) throw new WorkspaceError(problem, "SandboxUnavailable");
}

// An unexpected error (a git command failing, say) may pass: the goal is queued again after a pause and
// the interrupted iteration redone; the third such error in a row without progress fails the goal.
const RUNNER_ERRORS_BEFORE_FAILING = 3;
const RUNNER_ERROR_RETRY_MS = 10_000;

async function retryOrFail(ctx: RunnerContext, lease: Lease, error: Error, mask: Mask): Promise<void> {
  const message = mask(error.message);
  ctx.log(`goal ${lease.goalName}: ${mask(process.env.SETPOINT_DEBUG ? (error.stack ?? error.message) : error.message)}`);
  await fenced(ctx.db, lease, async (tx) => {
    // One error per lease: a retry whose first try committed unseen (server/queue/lease.ts) finds it, and must not
    // count it twice towards failing the goal.
    if (await saidUnderLease(tx, lease, ["RunnerError"])) return;
    const progress = await tx.event.findFirst({ where: { goalId: lease.goalId, type: "IterationEvaluated" }, orderBy: { id: "desc" }, select: { id: true } });
    const earlier = await tx.event.count({ where: { goalId: lease.goalId, type: "RunnerError", id: { gt: progress?.id ?? 0n } } });
    await recordEvent(tx, {
      goalId: lease.goalId,
      goalName: lease.goalName,
      type: "RunnerError",
      reason: "RunnerError",
      message,
      actor: ctx.runnerId,
      data: { epoch: lease.epoch },
    });
    await interruptRunningIterations(tx, lease, message);
    if (earlier + 1 >= RUNNER_ERRORS_BEFORE_FAILING) {
      await setPhase(tx, lease.goalId, { phase: "Failed", reason: "RunnerError", message: `${earlier + 1} errors in a row: ${message}`, actor: ctx.runnerId });
      return;
    }
    await setPhase(tx, lease.goalId, {
      phase: "Queued",
      reason: "RunnerError",
      message: `${message}; retrying in ${RUNNER_ERROR_RETRY_MS / 1000}s`,
      actor: ctx.runnerId,
      data: { nextRunAt: new Date(Date.now() + RUNNER_ERROR_RETRY_MS) },
    });
  });
}

function stepOf(ctx: RunnerContext, lease: Lease, keeper: LeaseKeeper, state: GoalState, repositories: Repositories, repoDir: string): GoalStep {
  return { ctx, lease, signal: keeper.signal, state, repoDir, publish: (commit) => repositories.publish(repoDir, state.spec, state.goal.name, commit) };
}

// Fenced writes of a resync. Targets that hold: an event and the next due time. A broken target (drift):
// the measurement becomes the new run's baseline (an iteration from no other: the loop compares against
// it, not against measurements of a world that has changed) and the goal is queued, reason Drifted.
import { notifyQueue, recordEvent } from "../events/record-event";
import type { Prisma } from "../generated/prisma/client";
import { newRunData } from "../goals/new-run";
import { parsedSpecOrNull } from "../goals/parsed-spec";
import { setPhase } from "../goals/set-phase";
import { fenced, type Lease } from "../queue/lease";
import { judgeHistory } from "../loop/judge-history";
import { describeDrift, findDrift } from "../resync/find-drift";
import { nextResyncFor } from "../resync/resync-schedule";
import { saidUnderLease } from "./said-under-lease";
import type { Mask } from "../secrets/mask-secrets";
import type { GoalState } from "./load-goal-state";
import { formatMetrics, layerRows } from "./record-iteration";
import type { EvaluationResult } from "../evaluation/types";
import type { RunnerContext } from "./runner-context";

// A lease measures one resync, and its record names the lease's epoch: a retry after the COMMIT's reply was lost
// finds its first try by that, not by time (runners' clocks differ).
const RESYNC_EVENTS = ["Resynced", "ResyncFailed"];

// What a resync measured on the accepted commit (server/runner/resync-goal.ts).
export type Measurement = {
  commit: string;
  evaluation: EvaluationResult;
  setupFailure: { exitCode: number | null; output: string } | null; // the layers did not run
  startedAt: Date;
  evalMs: number;
};

export async function recordResync(ctx: RunnerContext, lease: Lease, { goal, spec, mask, history }: GoalState, measurement: Measurement): Promise<void> {
  const { commit, evaluation, setupFailure } = measurement;
  const metrics = evaluation.metrics;
  const drift = findDrift(spec, metrics, judgeHistory(spec, history.iterations).targets);
  const at = commit.slice(0, 8);
  await fenced(ctx.db, lease, async (tx) => {
    // Applied, re-run or deleted meanwhile: the measurement is of a goal that is no longer there.
    const now = await tx.goal.findUnique({ where: { id: goal.id }, select: { phase: true, generation: true } });
    if (now?.phase !== "Converged" || now.generation !== goal.generation || (await saidUnderLease(tx, lease, RESYNC_EVENTS))) return;
    const finishedAt = new Date();
    const base = { goalId: goal.id, goalName: goal.name, type: "Resynced", actor: ctx.runnerId };
    const epoch = lease.epoch;
    if (drift.length === 0 && !setupFailure) {
      await recordEvent(tx, {
        ...base,
        reason: "TargetsHold",
        message: `every target still holds on ${at}: ${formatMetrics(metrics)}`,
        data: { commit, metrics, epoch },
      });
      await tx.goal.update({ where: { id: goal.id }, data: { lastResyncAt: finishedAt, nextResyncAt: nextResyncFor(spec, finishedAt) } });
      return;
    }
    const broken = setupFailure ? `workspace setup failed (exit ${setupFailure.exitCode ?? "timeout"}), so nothing was measured` : describeDrift(drift);
    const run = await newRunData(tx, goal.id);
    const number = run.runFromIteration as number;
    await recordEvent(tx, { ...base, reason: "TargetsBroken", message: `on ${at}: ${broken}`, data: { commit, metrics, iteration: number, epoch } });
    await recordBaseline(tx, lease, goal, number, measurement, finishedAt, mask);
    await setPhase(tx, goal.id, {
      phase: "Queued",
      reason: "Drifted",
      message: `the resync of ${at} found ${broken}; iteration ${number} is the new run's baseline`,
      actor: ctx.runnerId,
      data: {
        ...run,
        desired: "Run",
        nextRunAt: finishedAt,
        lastResyncAt: finishedAt,
        nextResyncAt: null,
        metrics,
        bestIteration: number,
        currentIteration: number,
      },
      event: { iteration: number, commit, metrics, drift },
    });
    await notifyQueue(tx);
  });
}

async function recordBaseline(
  tx: Prisma.TransactionClient,
  lease: Lease,
  goal: GoalState["goal"],
  number: number,
  measurement: Measurement,
  finishedAt: Date,
  mask: Mask,
): Promise<void> {
  const { commit, evaluation, setupFailure } = measurement;
  const row = await tx.iteration.create({
    data: {
      goalId: goal.id,
      number,
      generation: goal.generation,
      phase: "Evaluated",
      fromIteration: null,
      fromCommit: commit,
      commit,
      metrics: evaluation.metrics,
      policyOk: evaluation.policyOk,
      accepted: true,
      evalMs: measurement.evalMs,
      agentOutput: mask(setupFailure?.output ?? ""),
      agentError: setupFailure ? `workspace setup failed (exit ${setupFailure.exitCode ?? "timeout"})` : null,
      leaseEpoch: lease.epoch,
      runnerId: lease.owner,
      startedAt: measurement.startedAt,
      finishedAt,
    },
  });
  await tx.layerResult.createMany({ data: layerRows(row.id, evaluation, mask) });
  await recordEvent(tx, {
    goalId: goal.id,
    goalName: goal.name,
    type: "IterationEvaluated",
    reason: "Measured",
    actor: lease.owner,
    message: `iteration ${number} (resync of ${commit.slice(0, 8)}): ${formatMetrics(evaluation.metrics)}`,
    data: { iteration: number, metrics: evaluation.metrics },
  });
}

// A resync that could not run (the repository is gone, git failed) leaves the goal Converged and is tried
// again at the next due time; the event says why.
export async function recordResyncFailed(ctx: RunnerContext, lease: Lease, why: string): Promise<void> {
  await fenced(ctx.db, lease, async (tx) => {
    const goal = await tx.goal.findUnique({ where: { id: lease.goalId }, select: { id: true, generation: true, phase: true, spec: true } });
    if (goal?.phase !== "Converged" || (await saidUnderLease(tx, lease, RESYNC_EVENTS))) return;
    const now = new Date();
    await recordEvent(tx, {
      goalId: lease.goalId,
      goalName: lease.goalName,
      type: "ResyncFailed",
      reason: "ResyncFailed",
      message: why,
      actor: ctx.runnerId,
      data: { epoch: lease.epoch },
    });
    await tx.goal.update({ where: { id: lease.goalId }, data: { lastResyncAt: now, nextResyncAt: nextResyncFor(parsedSpecOrNull(goal) ?? {}, now) } });
  });
}

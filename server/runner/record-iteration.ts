// Fenced writes of an iteration's life: started, agent failed, evaluated, interrupted. Every text that
// a command or the goal put together (prompt, output, errors, diff, logs, comments) goes through the
// goal's secret mask here, on its way into Postgres.
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import type { EvaluationResult } from "../evaluation/types";
import type { AgentResult } from "../executors/types";
import { fenced, type Lease } from "../queue/lease";
import type { Mask } from "../secrets/mask-secrets";

export type IterationStart = { number: number; generation: number; fromIteration: number | null; fromCommit: string; runnerId: string; prompt: string };

export async function recordStarted(db: PrismaClient, lease: Lease, start: IterationStart, mask: Mask): Promise<string> {
  return fenced(db, lease, async (tx) => {
    const data = {
      generation: start.generation, phase: "Running", fromIteration: start.fromIteration, fromCommit: start.fromCommit,
      commit: null, metrics: {}, policyOk: true, regression: false, accepted: false, prompt: mask(start.prompt),
      agentOutput: "", agentExitCode: null, agentError: null, diff: "", changedFiles: 0, costUsd: 0, tokensIn: 0, tokensOut: 0,
      agentMs: 0, evalMs: 0, approval: null, approvalComment: null, approvedBy: null, decidedAt: null,
      leaseEpoch: lease.epoch, runnerId: start.runnerId, startedAt: new Date(), finishedAt: null,
    } satisfies Prisma.IterationUncheckedUpdateInput;
    // An interrupted iteration is redone under its own number: the row is reused, never duplicated.
    const row = await tx.iteration.upsert({
      where: { goalId_number: { goalId: lease.goalId, number: start.number } },
      create: { ...data, goalId: lease.goalId, number: start.number },
      update: data,
    });
    // A row being redone was interrupted (each way of stopping one counts it): clear what the last try left.
    if (row.interruptions > 0) {
      await tx.layerResult.deleteMany({ where: { iterationId: row.id } });
      await tx.liveOutput.deleteMany({ where: { iterationId: row.id } });
    }
    await tx.goal.update({ where: { id: lease.goalId }, data: { currentIteration: start.number, observedGeneration: start.generation } });
    await recordEvent(tx, {
      goalId: lease.goalId, goalName: lease.goalName, type: "IterationStarted", reason: start.number === 0 ? "Baseline" : "Iteration",
      message: start.number === 0 ? "measuring the starting point (iteration 0)" : `iteration ${start.number} from ${start.fromCommit.slice(0, 8)}`,
      actor: start.runnerId, data: { iteration: start.number },
    });
    return row.id;
  });
}

export async function recordAgentFailed(db: PrismaClient, lease: Lease, iterationId: string, number: number, unmasked: AgentResult, mask: Mask): Promise<void> {
  const agent = maskAgent(unmasked, mask);
  await fenced(db, lease, async (tx) => {
    await tx.iteration.update({
      where: { id: iterationId },
      data: {
        phase: "AgentFailed", agentOutput: agent.output, agentExitCode: agent.exitCode, agentError: agent.error,
        costUsd: agent.costUsd, tokensIn: agent.tokensIn, tokensOut: agent.tokensOut, agentMs: agent.durationMs, finishedAt: new Date(),
      },
    });
    // The live tail is only for while it runs: the full output is in agentOutput now.
    await tx.liveOutput.deleteMany({ where: { iterationId } });
    await tx.goal.update({ where: { id: lease.goalId }, data: { costUsd: { increment: agent.costUsd } } });
    await countIteration(tx, lease);
    await recordEvent(tx, {
      goalId: lease.goalId, goalName: lease.goalName, type: "AgentFailed", reason: agent.timedOut ? "Timeout" : "AgentError",
      message: `iteration ${number}: ${agent.error ?? "the agent failed"}`, data: { iteration: number }, actor: lease.owner,
    });
  });
}

export type Evaluated = {
  iterationId: string;
  number: number;
  commit: string;
  diff: string;
  changedFiles: number;
  agent: AgentResult | null;
  evaluation: EvaluationResult;
  regression: boolean;
  accepted: boolean;
  bestIteration: number | null;
  evalMs: number;
  awaitsApproval: boolean; // every-iteration: the change is kept only once a person approves it
  liveWritten: boolean; // whether any live output rows were written for it
  costUsd: number; // the maker's and the reviewers' together
};

export async function recordEvaluated(db: PrismaClient, lease: Lease, result: Evaluated, mask: Mask): Promise<void> {
  const agent = result.agent && maskAgent(result.agent, mask);
  const cost = result.costUsd;
  await fenced(db, lease, async (tx) => {
    await tx.iteration.update({
      where: { id: result.iterationId },
      data: {
        phase: "Evaluated", commit: result.commit, metrics: result.evaluation.metrics, policyOk: result.evaluation.policyOk,
        regression: result.regression, accepted: result.accepted, diff: mask(result.diff), changedFiles: result.changedFiles,
        agentOutput: agent?.output ?? "", agentExitCode: agent?.exitCode ?? null, costUsd: cost,
        tokensIn: agent?.tokensIn ?? 0, tokensOut: agent?.tokensOut ?? 0, agentMs: agent?.durationMs ?? 0,
        evalMs: result.evalMs, finishedAt: new Date(),
      },
    });
    await tx.layerResult.createMany({ data: layerRows(result.iterationId, result.evaluation, mask) });
    // The live tails are only for while it runs: the full output is in agentOutput and the layers' logs now.
    if (result.liveWritten) await tx.liveOutput.deleteMany({ where: { iterationId: result.iterationId } });
    await tx.goal.update({
      where: { id: lease.goalId },
      data: {
        metrics: result.evaluation.metrics, costUsd: { increment: cost }, bestIteration: result.bestIteration,
        ...(result.accepted && !result.awaitsApproval ? { acceptedCommit: result.commit } : {}),
      },
    });
    await countIteration(tx, lease);
    const failing = result.evaluation.layers.filter((layer) => !layer.ok).map((layer) => layer.name);
    await recordEvent(tx, {
      goalId: lease.goalId, goalName: lease.goalName, type: "IterationEvaluated",
      reason: result.regression ? "Regression" : result.evaluation.policyOk ? "Measured" : "PolicyFailed",
      message: `iteration ${result.number}: ${formatMetrics(result.evaluation.metrics)}${failing.length ? `; failing: ${failing.join(", ")}` : ""}`,
      data: { iteration: result.number, metrics: result.evaluation.metrics }, actor: lease.owner,
    });
  });
}

export function layerRows(iterationId: string, evaluation: EvaluationResult, mask: Mask): Prisma.LayerResultCreateManyInput[] {
  return evaluation.layers.map((layer, position) => ({
    iterationId, name: layer.name, position, kind: layer.kind, ok: layer.ok, metrics: layer.metrics,
    log: mask(layer.log), exitCode: layer.exitCode, durationMs: layer.durationMs, comments: layer.comments === null ? null : mask(layer.comments),
  }));
}

export async function recordInterrupted(db: PrismaClient, lease: Lease, iterationId: string, number: number, why: string, mask: Mask): Promise<void> {
  const reason = mask(why);
  await fenced(db, lease, (tx) => markInterrupted(tx, lease, { id: iterationId, number }, "Interrupted", `iteration ${number}: ${reason}`, reason));
}

// Iterations left Running by an earlier holder of the lease died with their runner: say so, redo them.
export async function markAbandonedIterations(tx: Prisma.TransactionClient, lease: Lease): Promise<number> {
  const abandoned = await tx.iteration.findMany({ where: { goalId: lease.goalId, phase: "Running", leaseEpoch: { lt: lease.epoch } }, select: { id: true, number: true, runnerId: true } });
  for (const row of abandoned) {
    const why = `runner ${row.runnerId} stopped renewing its lease`;
    await markInterrupted(tx, lease, row, "RunnerLost", `iteration ${row.number} was interrupted (${why}); it is redone`, why);
  }
  return abandoned.length;
}

// The iterations this lease was running when the runner hit an error: stopped, to be redone.
export async function interruptRunningIterations(tx: Prisma.TransactionClient, lease: Lease, why: string): Promise<void> {
  const running = await tx.iteration.findMany({ where: { goalId: lease.goalId, phase: "Running", leaseEpoch: lease.epoch }, select: { id: true, number: true } });
  for (const row of running) await markInterrupted(tx, lease, row, "RunnerError", `iteration ${row.number}: ${why}`, why);
}

async function markInterrupted(tx: Prisma.TransactionClient, lease: Lease, row: { id: string; number: number }, reason: string, message: string, why: string): Promise<void> {
  await tx.iteration.update({ where: { id: row.id }, data: { phase: "Interrupted", interruptions: { increment: 1 }, finishedAt: new Date(), agentError: why } });
  await tx.liveOutput.deleteMany({ where: { iterationId: row.id } });
  await recordEvent(tx, { goalId: lease.goalId, goalName: lease.goalName, type: "IterationInterrupted", reason, message, data: { iteration: row.number }, actor: lease.owner });
}

function maskAgent(agent: AgentResult, mask: Mask): AgentResult {
  return { ...agent, output: mask(agent.output), finalText: mask(agent.finalText), error: agent.error === null ? null : mask(agent.error) };
}

async function countIteration(tx: Prisma.TransactionClient, lease: Lease): Promise<void> {
  await tx.runner.updateMany({ where: { id: lease.owner }, data: { iterationsDone: { increment: 1 } } });
}

export function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .filter(([name]) => !name.endsWith(".duration_s") && !name.endsWith(".exit_code"))
    .map(([name, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(3)}`)
    .join(" ") || "no metrics";
}

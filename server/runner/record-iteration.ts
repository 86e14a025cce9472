// Fenced writes of an iteration's life: started, agent failed, evaluated, interrupted. Every text that
// a command or the goal put together (prompt, output, errors, diff, logs, comments) goes through the
// goal's secret mask here, on its way into Postgres.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import type { ProtectViolation } from "../evaluation/protect-paths";
import type { EvaluationResult, MeasuredFile } from "../evaluation/types";
import type { AgentResult } from "../executors/types";
import type { AgentTranscript } from "../executors/agent-transcript";
import type { IterationVerdict } from "../loop/judge-history";
import { fenced, type Lease } from "../queue/lease";
import { recordBudgetWarnings } from "./record-budget-warnings";
import type { Mask } from "../secrets/mask-secrets";

// agent: the maker as the spec names it now (null for a baseline, which runs none), so gaming counts per executor.
export type IterationStart = {
  number: number;
  generation: number;
  fromIteration: number | null;
  fromCommit: string;
  runnerId: string;
  prompt: string;
  agent: { executor: string; model?: string } | null;
  candidates?: number;
};

// Best of N: the kept candidate (its maker and prompt become the iteration's) and why each won or lost.
export type CandidatesOutcome = { winner: number; executor: string; model: string | null; prompt: string; verdicts: Record<number, string> };

// The prompt once the project knowledge is in (spec.context, spec.contextCommand: gathered in the worktree).
export async function recordPrompt(db: PrismaClient, lease: Lease, iterationId: string, prompt: string, mask: Mask): Promise<void> {
  await fenced(db, lease, (tx) => tx.iteration.update({ where: { id: iterationId }, data: { prompt: mask(prompt) } }));
}

export async function recordStarted(db: PrismaClient, lease: Lease, start: IterationStart, mask: Mask): Promise<string> {
  return fenced(db, lease, async (tx) => {
    const data = {
      generation: start.generation,
      phase: "Running",
      fromIteration: start.fromIteration,
      fromCommit: start.fromCommit,
      commit: null,
      metrics: {},
      policyOk: true,
      regression: false,
      accepted: false,
      prompt: mask(start.prompt),
      agentOutput: "",
      agentExitCode: null,
      agentError: null,
      transcript: Prisma.DbNull,
      diff: "",
      changedFiles: 0,
      costUsd: 0,
      tokensIn: 0,
      tokensOut: 0,
      agentMs: 0,
      evalMs: 0,
      approval: null,
      approvalComment: null,
      approvedBy: null,
      decidedAt: null,
      leaseEpoch: lease.epoch,
      runnerId: start.runnerId,
      startedAt: new Date(),
      finishedAt: null,
      executor: start.agent?.executor ?? null,
      model: start.agent?.model ?? null,
      candidates: start.candidates ?? 1,
      winner: null,
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
    // What this iteration builds on (decide's choice, from the judge) is the goal's accepted commit meanwhile.
    await tx.goal.update({
      where: { id: lease.goalId },
      data: { currentIteration: start.number, observedGeneration: start.generation, acceptedCommit: start.fromCommit },
    });
    await recordEvent(tx, {
      goalId: lease.goalId,
      goalName: lease.goalName,
      type: "IterationStarted",
      reason: start.number === 0 ? "Baseline" : "Iteration",
      message: start.number === 0 ? "measuring the starting point (iteration 0)" : `iteration ${start.number} from ${start.fromCommit.slice(0, 8)}`,
      actor: start.runnerId,
      data: { iteration: start.number },
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
        phase: "AgentFailed",
        agentOutput: agent.output,
        agentExitCode: agent.exitCode,
        agentError: agent.error,
        transcript: transcriptColumn(agent),
        costUsd: agent.costUsd,
        tokensIn: agent.tokensIn,
        tokensOut: agent.tokensOut,
        agentMs: agent.durationMs,
        finishedAt: new Date(),
      },
    });
    // The live tail is only for while it runs: the full output is in agentOutput now.
    await tx.liveOutput.deleteMany({ where: { iterationId } });
    await tx.goal.update({ where: { id: lease.goalId }, data: { costUsd: { increment: agent.costUsd } } });
    await countIteration(tx, lease);
    await recordEvent(tx, {
      goalId: lease.goalId,
      goalName: lease.goalName,
      type: "AgentFailed",
      reason: agent.timedOut ? "Timeout" : "AgentError",
      message: `iteration ${number}: ${agent.error ?? "the agent failed"}`,
      data: { iteration: number },
      actor: lease.owner,
    });
    await recordBudgetWarnings(tx, lease, number);
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
  verdict: IterationVerdict; // the loop's judge on it: cached on the rows for display
  evalMs: number;
  liveWritten: boolean; // whether any live output rows were written for it
  costUsd: number; // the maker's and the reviewers' together
  protectViolations?: ProtectViolation[]; // protected paths the agent changed (undone before the measurement)
  measuredFiles?: MeasuredFile[]; // every protected and hidden file, hashed as measured (for the certificate)
  candidates?: CandidatesOutcome; // best of N: which candidate this is, and the others' verdicts
};

export async function recordEvaluated(db: PrismaClient, lease: Lease, result: Evaluated, mask: Mask): Promise<void> {
  const agent = result.agent && maskAgent(result.agent, mask);
  const cost = result.costUsd;
  await fenced(db, lease, async (tx) => {
    await tx.iteration.update({
      where: { id: result.iterationId },
      data: {
        phase: "Evaluated",
        commit: result.commit,
        metrics: result.evaluation.metrics,
        policyOk: result.evaluation.policyOk,
        regression: result.verdict.regression,
        accepted: result.verdict.accepted,
        diff: mask(result.diff),
        changedFiles: result.changedFiles,
        agentOutput: agent?.output ?? "",
        agentExitCode: agent?.exitCode ?? null,
        transcript: transcriptColumn(agent),
        costUsd: cost,
        tokensIn: agent?.tokensIn ?? 0,
        tokensOut: agent?.tokensOut ?? 0,
        agentMs: agent?.durationMs ?? 0,
        evalMs: result.evalMs,
        finishedAt: new Date(),
        protectViolations: result.protectViolations ?? [],
        measuredFiles: result.measuredFiles ?? [],
      },
    });
    await tx.layerResult.createMany({ data: layerRows(result.iterationId, result.evaluation, mask) });
    if (result.candidates) await recordPick(tx, result.iterationId, result.candidates, mask);
    // The live tails are only for while it runs: the full output is in agentOutput and the layers' logs now.
    if (result.liveWritten) await tx.liveOutput.deleteMany({ where: { iterationId: result.iterationId } });
    await tx.goal.update({
      where: { id: lease.goalId },
      data: {
        metrics: result.evaluation.metrics,
        costUsd: { increment: cost },
        bestIteration: result.verdict.bestIteration,
        acceptedCommit: result.verdict.acceptedCommit ?? undefined,
      },
    });
    await countIteration(tx, lease);
    const failing = result.evaluation.layers.filter((layer) => !layer.ok).map((layer) => layer.name);
    await recordEvent(tx, {
      goalId: lease.goalId,
      goalName: lease.goalName,
      type: "IterationEvaluated",
      reason: result.verdict.regression ? "Regression" : result.evaluation.policyOk ? "Measured" : "PolicyFailed",
      message: `iteration ${result.number}: ${formatMetrics(result.evaluation.metrics)}${failing.length ? `; failing: ${failing.join(", ")}` : ""}`,
      data: { iteration: result.number, metrics: result.evaluation.metrics },
      actor: lease.owner,
    });
    await recordBudgetWarnings(tx, lease, result.number);
  });
}

async function recordPick(tx: Prisma.TransactionClient, iterationId: string, pick: CandidatesOutcome, mask: Mask): Promise<void> {
  await tx.iteration.update({
    where: { id: iterationId },
    data: { winner: pick.winner, executor: pick.executor, model: pick.model, prompt: mask(pick.prompt) },
  });
  for (const [number, verdict] of Object.entries(pick.verdicts)) {
    await tx.candidate.updateMany({ where: { iterationId, number: Number(number) }, data: { winner: Number(number) === pick.winner, verdict } });
  }
}

export function layerRows(iterationId: string, evaluation: EvaluationResult, mask: Mask): Prisma.LayerResultCreateManyInput[] {
  return evaluation.layers.map((layer, position) => ({
    iterationId,
    name: layer.name,
    position,
    kind: layer.kind,
    ok: layer.ok,
    metrics: layer.metrics,
    log: mask(layer.log),
    exitCode: layer.exitCode,
    durationMs: layer.durationMs,
    comments: layer.comments === null ? null : mask(layer.comments),
    hiddenFailed: layer.hiddenFailed ?? null,
  }));
}

export async function recordInterrupted(db: PrismaClient, lease: Lease, iterationId: string, number: number, why: string, mask: Mask): Promise<void> {
  const reason = mask(why);
  await fenced(db, lease, (tx) => markInterrupted(tx, lease, { id: iterationId, number }, "Interrupted", `iteration ${number}: ${reason}`, reason));
}

// Iterations left Running by an earlier holder of the lease died with their runner: say so, redo them.
export async function markAbandonedIterations(tx: Prisma.TransactionClient, lease: Lease): Promise<number> {
  const abandoned = await tx.iteration.findMany({
    where: { goalId: lease.goalId, phase: "Running", leaseEpoch: { lt: lease.epoch } },
    select: { id: true, number: true, runnerId: true },
  });
  for (const row of abandoned) {
    const why = `runner ${row.runnerId} stopped renewing its lease`;
    await markInterrupted(tx, lease, row, "RunnerLost", `iteration ${row.number} was interrupted (${why}); it is redone`, why);
  }
  return abandoned.length;
}

// The iterations this lease was running when the runner hit an error: stopped, to be redone.
export async function interruptRunningIterations(tx: Prisma.TransactionClient, lease: Lease, why: string): Promise<void> {
  const running = await tx.iteration.findMany({
    where: { goalId: lease.goalId, phase: "Running", leaseEpoch: lease.epoch },
    select: { id: true, number: true },
  });
  for (const row of running) await markInterrupted(tx, lease, row, "RunnerError", `iteration ${row.number}: ${why}`, why);
}

async function markInterrupted(
  tx: Prisma.TransactionClient,
  lease: Lease,
  row: { id: string; number: number },
  reason: string,
  message: string,
  why: string,
): Promise<void> {
  await tx.iteration.update({
    where: { id: row.id },
    data: { phase: "Interrupted", interruptions: { increment: 1 }, finishedAt: new Date(), agentError: why },
  });
  await tx.liveOutput.deleteMany({ where: { iterationId: row.id } });
  await recordEvent(tx, {
    goalId: lease.goalId,
    goalName: lease.goalName,
    type: "IterationInterrupted",
    reason,
    message,
    data: { iteration: row.number },
    actor: lease.owner,
  });
}

export function maskAgent(agent: AgentResult, mask: Mask): AgentResult {
  return {
    ...agent,
    output: mask(agent.output),
    finalText: mask(agent.finalText),
    error: agent.error === null ? null : mask(agent.error),
    ...(agent.transcript ? { transcript: maskTranscript(agent.transcript, mask) } : {}),
  };
}

// Every text in it: a command the agent ran may hold a secret's value.
function maskTranscript(transcript: AgentTranscript, mask: Mask): AgentTranscript {
  const texts = (list: string[]) => list.map(mask);
  return {
    ...transcript,
    resumeCommand: transcript.resumeCommand === null ? null : mask(transcript.resumeCommand),
    steps: transcript.steps.map((step) => ({ ...step, summary: mask(step.summary) })),
    filesTouched: texts(transcript.filesTouched),
    commandsRun: texts(transcript.commandsRun),
    denials: transcript.denials.map((denied) => ({ ...denied, summary: mask(denied.summary) })),
  };
}

function transcriptColumn(agent: AgentResult | null): Prisma.InputJsonValue | typeof Prisma.DbNull {
  return agent?.transcript ?? Prisma.DbNull;
}

async function countIteration(tx: Prisma.TransactionClient, lease: Lease): Promise<void> {
  await tx.runner.updateMany({ where: { id: lease.owner }, data: { iterationsDone: { increment: 1 } } });
}

export function formatMetrics(metrics: Record<string, number>): string {
  return (
    Object.entries(metrics)
      .filter(([name]) => !name.endsWith(".duration_s") && !name.endsWith(".exit_code"))
      .map(([name, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(3)}`)
      .join(" ") || "no metrics"
  );
}

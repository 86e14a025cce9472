// Fenced writes of an iteration's life: started, agent failed, evaluated, interrupted. Every text that
// a command or the goal put together (prompt, output, errors, diff, logs, comments) goes through the
// goal's secret mask here, on its way into Postgres.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { insertEvent, recordEvent } from "../events/record-event";
import type { ProtectViolation } from "../evaluation/protect-paths";
import type { EvaluationResult, MeasuredFile } from "../evaluation/types";
import type { AgentResult } from "../executors/types";
import type { AgentTranscript } from "../executors/agent-transcript";
import type { IterationVerdict } from "../loop/judge-history";
import { randomUUID } from "node:crypto";
import { assignRow, insertRows, jsonParameter } from "../db/row-sql";
import { fencedStatement, type Write } from "../queue/fenced-statement";
import { fenced, type Lease } from "../queue/lease";
import type { Mask } from "../secrets/mask-secrets";
import { outcomeRecorded } from "./outcome-recorded";

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
// One statement, as every iteration with project context writes it.
export async function recordPrompt(db: PrismaClient, lease: Lease, iterationId: string, prompt: string, mask: Mask): Promise<void> {
  await fencedStatement(db, lease, [
    { name: "prompt", sql: Prisma.sql`UPDATE "Iteration" SET prompt = ${mask(prompt)} WHERE id = ${iterationId}::uuid AND EXISTS (SELECT 1 FROM fence)` },
  ]);
}

// One statement (server/queue/fenced-statement.ts). Answers the row's id and when it started.
export async function recordStarted(db: PrismaClient, lease: Lease, start: IterationStart, mask: Mask): Promise<{ id: string; startedAt: Date }> {
  const startedAt = new Date();
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
    transcript: null,
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
    startedAt,
    finishedAt: null,
    executor: start.agent?.executor ?? null,
    model: start.agent?.model ?? null,
    candidates: start.candidates ?? 1,
    winner: null,
  };
  const id = await fencedStatement<string>(
    db,
    lease,
    [
      // An interrupted iteration is redone under its own number: the row is reused, never duplicated.
      {
        name: "started",
        sql: Prisma.sql`${insertRows("Iteration", [{ id: randomUUID(), goalId: lease.goalId, number: start.number, ...data }], "fence")}
          ON CONFLICT ("goalId", "number") DO UPDATE SET ${assignRow("Iteration", data)}
          RETURNING id, interruptions`,
      },
      // A row being redone was interrupted (each way of stopping one counts it): clear what the last try left.
      { name: "layers", sql: Prisma.sql`DELETE FROM "LayerResult" WHERE "iterationId" IN (SELECT id FROM started WHERE interruptions > 0)` },
      { name: "live", sql: Prisma.sql`DELETE FROM "LiveOutput" WHERE "iterationId" IN (SELECT id FROM started WHERE interruptions > 0)` },
      // What this iteration builds on (decide's choice, from the judge) is the goal's accepted commit meanwhile.
      {
        name: "goal",
        sql: goalWrite(
          Prisma.sql`"currentIteration" = ${start.number}, "observedGeneration" = ${start.generation}, "acceptedCommit" = ${start.fromCommit}${
            // A goal's first baseline names the commit its work starts from.
            start.fromIteration === null ? Prisma.sql`, "baseCommit" = coalesce("baseCommit", ${start.fromCommit})` : Prisma.empty
          }`,
        ),
      },
      {
        name: "event",
        sql: insertEvent(
          {
            goalId: lease.goalId,
            goalName: lease.goalName,
            type: "IterationStarted",
            reason: start.number === 0 ? "Baseline" : "Iteration",
            message: start.number === 0 ? "measuring the starting point (iteration 0)" : `iteration ${start.number} from ${start.fromCommit.slice(0, 8)}`,
            actor: start.runnerId,
            data: { iteration: start.number },
          },
          // A retry whose first try committed unseen (server/queue/lease.ts) finds the row running under this lease
          // (the statement reads the rows as they were before it): that start was said already.
          { from: "fence", unless: startedByThisLease(lease, start.number) },
        ),
      },
    ],
    Prisma.sql`(SELECT id::text FROM started)`,
  );
  return { id, startedAt };
}

function startedByThisLease(lease: Lease, number: number): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM "Iteration" WHERE "goalId" = ${lease.goalId}::uuid AND number = ${number} AND phase = 'Running' AND "leaseEpoch" = ${lease.epoch})`;
}

// The statement's one write to the goal's row: `set`, and the last-change time its event makes.
function goalWrite(set: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`UPDATE "Goal" SET ${set}, "updatedAt" = timezone('UTC', now()), "lastEventAt" = timezone('UTC', clock_timestamp())
    WHERE id IN (SELECT id FROM fence)`;
}

export async function recordAgentFailed(db: PrismaClient, lease: Lease, iterationId: string, number: number, unmasked: AgentResult, mask: Mask): Promise<void> {
  const agent = maskAgent(unmasked, mask);
  await fenced(
    db,
    lease,
    async (tx) => {
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
      await recordEvent(tx, {
        goalId: lease.goalId,
        goalName: lease.goalName,
        type: "AgentFailed",
        reason: agent.timedOut ? "Timeout" : "AgentError",
        message: `iteration ${number}: ${agent.error ?? "the agent failed"}`,
        data: { iteration: number },
        actor: lease.owner,
      });
    },
    outcomeRecorded(db, lease, iterationId, "AgentFailed"),
  );
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

// One statement (server/queue/fenced-statement.ts); `also`: more writes that commit with it (budget warnings).
export async function recordEvaluated(db: PrismaClient, lease: Lease, result: Evaluated, mask: Mask, also: Write[] = []): Promise<void> {
  const agent = result.agent && maskAgent(result.agent, mask);
  const cost = result.costUsd;
  const pick = result.candidates;
  const iteration = {
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
    transcript: agent?.transcript ?? null,
    costUsd: cost,
    tokensIn: agent?.tokensIn ?? 0,
    tokensOut: agent?.tokensOut ?? 0,
    agentMs: agent?.durationMs ?? 0,
    evalMs: result.evalMs,
    finishedAt: new Date(),
    protectViolations: result.protectViolations ?? [],
    measuredFiles: result.measuredFiles ?? [],
    // Best of N: the kept candidate's maker and prompt become the iteration's.
    ...(pick ? { winner: pick.winner, executor: pick.executor, model: pick.model, prompt: mask(pick.prompt) } : {}),
  };
  const failing = result.evaluation.layers.filter((layer) => !layer.ok).map((layer) => layer.name);
  const writes: Write[] = [
    {
      name: "evaluated",
      sql: Prisma.sql`UPDATE "Iteration" SET ${assignRow("Iteration", iteration)} WHERE id = ${result.iterationId}::uuid AND EXISTS (SELECT 1 FROM fence)`,
    },
    ...(result.evaluation.layers.length > 0
      ? [
          {
            name: "layers",
            sql: insertRows(
              "LayerResult",
              layerRows(result.iterationId, result.evaluation, mask).map((layer) => ({ id: randomUUID(), ...layer })),
              "fence",
            ),
          },
        ]
      : []),
    ...(pick ? [{ name: "candidates", sql: candidateVerdicts(result.iterationId, pick) }] : []),
    // The live tails are only for while it runs: the full output is in agentOutput and the layers' logs now.
    ...(result.liveWritten
      ? [{ name: "live", sql: Prisma.sql`DELETE FROM "LiveOutput" WHERE "iterationId" = ${result.iterationId}::uuid AND EXISTS (SELECT 1 FROM fence)` }]
      : []),
    {
      name: "goal",
      sql: goalWrite(
        Prisma.sql`"metrics" = ${JSON.stringify(result.evaluation.metrics)}::jsonb, "costUsd" = "costUsd" + ${cost}, "bestIteration" = ${result.verdict.bestIteration},
          "acceptedCommit" = coalesce(${result.verdict.acceptedCommit ?? null}, "acceptedCommit")`,
      ),
    },
    {
      name: "event",
      sql: insertEvent(
        {
          goalId: lease.goalId,
          goalName: lease.goalName,
          type: "IterationEvaluated",
          reason: result.verdict.regression ? "Regression" : result.evaluation.policyOk ? "Measured" : "PolicyFailed",
          message: `iteration ${result.number}: ${formatMetrics(result.evaluation.metrics)}${failing.length ? `; failing: ${failing.join(", ")}` : ""}`,
          data: { iteration: result.number, metrics: result.evaluation.metrics },
          actor: lease.owner,
        },
        { from: "fence" },
      ),
    },
  ];
  await fencedStatement(db, lease, [...writes, ...also], undefined, outcomeRecorded(db, lease, result.iterationId, "Evaluated"));
}

// Why each candidate won or lost, on its row.
function candidateVerdicts(iterationId: string, pick: CandidatesOutcome): Prisma.Sql {
  const verdicts = Object.entries(pick.verdicts).map(([number, verdict]) => ({ number: Number(number), winner: Number(number) === pick.winner, verdict }));
  return Prisma.sql`UPDATE "Candidate" AS c SET winner = v.winner, verdict = v.verdict
    FROM jsonb_to_recordset(${jsonParameter(verdicts)}::jsonb) AS v(number int, winner boolean, verdict text)
    WHERE c."iterationId" = ${iterationId}::uuid AND c.number = v.number AND EXISTS (SELECT 1 FROM fence)`;
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
  // Only a running one: a retry whose first try committed unseen (server/queue/lease.ts) finds it interrupted
  // already, and counts and says nothing twice.
  const { count } = await tx.iteration.updateMany({
    where: { id: row.id, phase: "Running" },
    data: { phase: "Interrupted", interruptions: { increment: 1 }, finishedAt: new Date(), agentError: why },
  });
  if (count === 0) return;
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

export function formatMetrics(metrics: Record<string, number>): string {
  return (
    Object.entries(metrics)
      .filter(([name]) => !name.endsWith(".duration_s") && !name.endsWith(".exit_code"))
      .map(([name, value]) => `${name}=${Number.isInteger(value) ? value : value.toFixed(3)}`)
      .join(" ") || "no metrics"
  );
}

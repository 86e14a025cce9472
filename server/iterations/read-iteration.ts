// Reads for the iteration page and the approval gate: one iteration with everything it recorded.
import type { PrismaClient } from "../generated/prisma/client";
import { toIterationObject, type IterationObject } from "../goals/goal-object";
import { parsedSpec } from "../goals/parsed-spec";
import { readJudgedTargets } from "../goals/read-judged-targets";
import type { MetricTarget } from "../loop/spec-targets";
import type { GoalSpec } from "../spec/goal-spec";
import { readTranscript, type AgentTranscript } from "../executors/agent-transcript";

export type LayerDetail = {
  name: string;
  kind: string;
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  metrics: Record<string, number>;
  comments: string | null;
  log: string;
  hiddenFailed: boolean | null; // hidden checks failed while the visible ones passed; null: no hidden checks
};

// A protected path (evaluation.protect) the agent changed, undone before the measurement.
export type ProtectViolationView = { path: string; change: string };

export type IterationDetail = IterationObject & {
  goal: { name: string; phase: string; spec: GoalSpec };
  targets: MetricTarget[]; // the targets it was judged against: relative ones resolved from its run's baseline and best
  generation: number;
  fromIteration: number | null;
  policyOk: boolean;
  prompt: string;
  agentOutput: string;
  agentExitCode: number | null;
  transcript: AgentTranscript | null; // what a CLI agent did, read from its event stream
  diff: string;
  changedFiles: number;
  agentMs: number;
  evalMs: number;
  approvedBy: string | null;
  decidedAt: string | null;
  interruptions: number;
  runnerId: string | null;
  layers: LayerDetail[];
  protectViolations: ProtectViolationView[];
};

export type ApprovalView = {
  state: "pending" | "approved" | "rejected";
  comment: string | null;
  by: string | null;
  at: string | null;
};

// null when the goal or the iteration does not exist: the page turns that into a not-found page.
export async function readIteration(db: PrismaClient, name: string, number: number): Promise<IterationDetail | null> {
  const row = await db.iteration.findFirst({
    where: { number, goal: { name } },
    include: { goal: { select: { id: true, generation: true, name: true, phase: true, spec: true } }, layers: { orderBy: { position: "asc" } } },
  });
  if (!row) return null;
  const spec = parsedSpec(row.goal);
  return {
    ...toIterationObject(row),
    goal: { name: row.goal.name, phase: row.goal.phase, spec },
    targets: await readJudgedTargets(db, row.goal.id, spec, number),
    generation: row.generation,
    fromIteration: row.fromIteration,
    policyOk: row.policyOk,
    prompt: row.prompt,
    agentOutput: row.agentOutput,
    agentExitCode: row.agentExitCode,
    transcript: readTranscript(row.transcript),
    diff: row.diff,
    changedFiles: row.changedFiles,
    agentMs: row.agentMs,
    evalMs: row.evalMs,
    approvedBy: row.approvedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    interruptions: row.interruptions,
    runnerId: row.runnerId,
    protectViolations: Array.isArray(row.protectViolations) ? (row.protectViolations as ProtectViolationView[]) : [],
    layers: row.layers.map((layer) => ({
      name: layer.name,
      kind: layer.kind,
      ok: layer.ok,
      exitCode: layer.exitCode,
      durationMs: layer.durationMs,
      metrics: layer.metrics as Record<string, number>,
      comments: layer.comments,
      log: layer.log,
      hiddenFailed: layer.hiddenFailed,
    })),
  };
}

// The iteration numbers just before and after this one, for the page's previous/next links.
export async function readNeighbours(db: PrismaClient, name: string, number: number): Promise<{ previous: number | null; next: number | null }> {
  const [previous, next] = await Promise.all([
    db.iteration.findFirst({ where: { goal: { name }, number: { lt: number } }, orderBy: { number: "desc" }, select: { number: true } }),
    db.iteration.findFirst({ where: { goal: { name }, number: { gt: number } }, orderBy: { number: "asc" }, select: { number: true } }),
  ]);
  return { previous: previous?.number ?? null, next: next?.number ?? null };
}

// What a not-found page can tell a person: does the goal exist, and which iteration numbers does it have.
export async function readIterationRange(db: PrismaClient, name: string): Promise<{ goalExists: boolean; first: number | null; last: number | null }> {
  const goal = await db.goal.findUnique({ where: { name }, select: { id: true } });
  if (!goal) return { goalExists: false, first: null, last: null };
  const range = await db.iteration.aggregate({ where: { goalId: goal.id }, _min: { number: true }, _max: { number: true } });
  return { goalExists: true, first: range._min.number, last: range._max.number };
}

// The approval gate's state; null when the iteration does not exist or never went through the gate.
export async function readApproval(db: PrismaClient, name: string, number: number): Promise<ApprovalView | null> {
  const row = await db.iteration.findFirst({
    where: { number, goal: { name } },
    select: { approval: true, approvalComment: true, approvedBy: true, decidedAt: true },
  });
  if (!row || (row.approval !== "pending" && row.approval !== "approved" && row.approval !== "rejected")) return null;
  return { state: row.approval, comment: row.approvalComment, by: row.approvedBy, at: row.decidedAt?.toISOString() ?? null };
}

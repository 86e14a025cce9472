// The candidates of a best-of-N iteration side by side: who made each, what it measured against the
// targets the iteration was judged by, its size, cost and time, which one was kept and why.
import type { Candidate, PrismaClient } from "../generated/prisma/client";
import { parsedSpec } from "../goals/parsed-spec";
import { readJudgedTargets } from "../goals/read-judged-targets";
import { UserError } from "../goals/user-error";
import { distance } from "../loop/distance";
import { measured, type MetricTarget } from "../loop/spec-targets";
import { readCandidateLayers } from "./candidate-layers";
import type { LayerDetail } from "./read-iteration";

export type CandidateView = {
  number: number;
  executor: string;
  model: string | null;
  phase: string; // Queued, Running, Evaluated, AgentFailed
  commit: string | null;
  metrics: Record<string, number>;
  targetsMet: number; // of the iteration's targets
  policyOk: boolean;
  changedFiles: number;
  changedLines: number;
  costUsd: number;
  durationMs: number; // the agent's time plus the layers'
  winner: boolean;
  verdict: string | null; // why it won or lost
  agentError: string | null;
};

// What the iteration page adds: the candidate's diff and every layer with its log.
export type CandidateDetail = CandidateView & { diff: string; layers: LayerDetail[] };

export type CandidatesRead<T> = { goal: string; iteration: number; winner: number | null; targets: MetricTarget[]; candidates: T[] };

// Summaries for the API and the CLI; NOT_FOUND names the goal or the iteration missing.
export async function readCandidates(db: PrismaClient, name: string, number: number): Promise<CandidatesRead<CandidateView>> {
  const read = await readCandidateRows(db, name, number);
  if (!read) {
    const goal = await db.goal.findUnique({ where: { name }, select: { id: true } });
    throw new UserError("NOT_FOUND", goal ? `goal '${name}' has no iteration ${number}` : `there is no goal named '${name}'`);
  }
  const { rows, ...rest } = read;
  return { ...rest, candidates: rows.map((row) => toCandidateView(row, read.targets)) };
}

// With diffs and layer logs, for the iteration page; null when the iteration does not exist.
export async function readCandidateDetails(db: PrismaClient, name: string, number: number): Promise<CandidatesRead<CandidateDetail> | null> {
  const read = await readCandidateRows(db, name, number);
  if (!read) return null;
  return { ...read, candidates: read.rows.map((row) => ({ ...toCandidateView(row, read.targets), diff: row.diff, layers: readCandidateLayers(row.layers) })) };
}

async function readCandidateRows(db: PrismaClient, name: string, number: number) {
  const iteration = await db.iteration.findFirst({
    where: { number, goal: { name } },
    select: { winner: true, goal: { select: { id: true, name: true, generation: true, spec: true } }, candidateRuns: { orderBy: { number: "asc" } } },
  });
  if (!iteration) return null;
  // Only an iteration with candidates needs its targets, which may take a read of its history.
  const targets = iteration.candidateRuns.length === 0 ? [] : await readJudgedTargets(db, iteration.goal.id, parsedSpec(iteration.goal), number);
  return { goal: iteration.goal.name, iteration: number, winner: iteration.winner, targets, rows: iteration.candidateRuns };
}

function toCandidateView(row: Candidate, targets: MetricTarget[]): CandidateView {
  const metrics = row.metrics as Record<string, number>;
  const measuredYet = row.phase === "Evaluated";
  return {
    number: row.number,
    executor: row.executor,
    model: row.model,
    phase: row.phase,
    commit: row.commit,
    metrics,
    targetsMet: measuredYet ? targets.filter((target) => targetMet(target, metrics)).length : 0,
    policyOk: row.policyOk,
    changedFiles: row.changedFiles,
    changedLines: row.changedLines,
    costUsd: row.costUsd,
    durationMs: row.agentMs + row.evalMs,
    winner: row.winner,
    verdict: row.verdict,
    agentError: row.agentError,
  };
}

function targetMet(target: MetricTarget, metrics: Record<string, number>): boolean {
  const value = measured(metrics, target.metric);
  return value !== undefined && distance(target.target, value) === 0;
}

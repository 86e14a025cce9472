// An iteration row as the loop's judge reads it: measured facts only (the stored accepted, regression and
// best flags are a cache of the judge's answers for display, and are not read here).
import type { Iteration } from "../generated/prisma/client";
import type { IterationOutcome, IterationRecord } from "../loop/types";

export const recordColumns = {
  number: true,
  phase: true,
  fromIteration: true,
  fromCommit: true,
  commit: true,
  metrics: true,
  policyOk: true,
  approval: true,
  approvalComment: true,
  costUsd: true,
  finishedAt: true,
  generation: true,
  candidates: true,
} as const;

export type RecordRow = Pick<Iteration, keyof typeof recordColumns>;

export function toRecord(row: RecordRow): IterationRecord {
  return {
    number: row.number,
    outcome: row.phase as IterationOutcome,
    fromIteration: row.fromIteration,
    fromCommit: row.fromCommit,
    commit: row.commit,
    metrics: row.metrics as Record<string, number>,
    policyOk: row.policyOk,
    approval: row.approval as IterationRecord["approval"],
    approvalComment: row.approvalComment,
    costUsd: row.costUsd,
    finishedAt: row.finishedAt?.getTime() ?? null,
    generation: row.generation,
    // Absent means one: the records of goals without best of N stay as they were.
    ...(row.candidates > 1 ? { candidates: row.candidates } : {}),
  };
}

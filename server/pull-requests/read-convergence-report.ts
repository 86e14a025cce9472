// The facts a pull request reports, read from what the loop recorded: the converged iteration's
// measurements and checker layers, and the run's iterations, cost and approval decisions.
import type { PrismaClient } from "../generated/prisma/client";
import { certificateDocument } from "../certificates/sign-certificate";
import { publicUrl } from "../config";
import { recordColumns, toRecord } from "../goals/iteration-record";
import { judgeHistory } from "../loop/judge-history";
import { describeTarget, measured } from "../loop/spec-targets";
import type { GoalSpec } from "../spec/goal-spec";
import { targetHolds } from "../spec/metric-target";
import type { ConvergenceReport } from "./pull-request-body";

export async function readConvergenceReport(
  db: PrismaClient,
  goal: { id: string; name: string; spec: GoalSpec },
  iteration: number,
  runFromIteration: number,
): Promise<ConvergenceReport | null> {
  const converged = await db.iteration.findUnique({
    where: { goalId_number: { goalId: goal.id, number: iteration } },
    select: {
      commit: true,
      metrics: true,
      layers: { where: { kind: "agent" }, orderBy: { position: "asc" }, select: { name: true, ok: true, comments: true } },
    },
  });
  if (!converged?.commit) return null;
  const run = { goalId: goal.id, number: { gte: runFromIteration, lte: iteration } };
  const [count, cost, decided, history] = await Promise.all([
    db.iteration.count({ where: run }),
    db.iteration.aggregate({ where: run, _sum: { costUsd: true } }),
    db.iteration.findMany({
      where: { ...run, approval: { in: ["approved", "rejected"] } },
      orderBy: { number: "asc" },
      select: { number: true, approval: true, approvedBy: true, approvalComment: true },
    }),
    db.iteration.findMany({
      where: { goalId: goal.id, number: { lte: iteration }, phase: { not: "Running" } },
      orderBy: { number: "asc" },
      select: recordColumns,
    }),
  ]);
  // The targets as the loop judged the converged iteration: relative ones resolved from its run's baseline and best.
  const judged = judgeHistory(goal.spec, history.map(toRecord)).steps.find((step) => step.record.number === iteration)?.targets;
  const metrics = converged.metrics as Record<string, number>;
  return {
    goal: goal.name,
    intent: goal.spec.intent,
    iteration,
    commit: converged.commit,
    targets: (judged ?? []).map((target) => ({
      metric: target.metric,
      target: describeTarget(target),
      value: measured(metrics, target.metric),
      met: targetHolds(target.target, measured(metrics, target.metric)),
    })),
    iterations: count,
    costUsd: cost._sum.costUsd ?? 0,
    checker: converged.layers.map((layer) => ({ layer: layer.name, ok: layer.ok, comments: layer.comments })),
    approvals: decided.map((row) => ({ iteration: row.number, decision: row.approval ?? "", by: row.approvedBy, comment: row.approvalComment })),
    certificate: await readCertificate(db, goal.id, iteration, converged.commit),
    url: `${publicUrl()}/goals/${encodeURIComponent(goal.name)}`,
  };
}

// The certificate the runner signed for this convergence (the newest, should a re-run converge on the
// same commit again), as the file `setpoint certificate NAME -o json` prints and `setpoint verify` reads.
async function readCertificate(db: PrismaClient, goalId: string, iteration: number, commit: string): Promise<ConvergenceReport["certificate"]> {
  const row = await db.certificate.findFirst({ where: { goalId, iteration, commit }, orderBy: { createdAt: "desc" } });
  if (!row) return null;
  return { id: row.id, keyId: row.keyId, document: JSON.stringify(certificateDocument(row), null, 2) };
}

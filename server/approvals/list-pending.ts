// Every iteration waiting for a person, across all goals, oldest first: what the Approvals page lists.
import type { PrismaClient } from "../generated/prisma/client";
import { distance } from "../loop/distance";
import { parsedSpec } from "../goals/parsed-spec";
import { readJudgedTargets } from "../goals/read-judged-targets";
import { describeTarget, formatValue, measured, specTargets, type MetricTarget } from "../loop/spec-targets";
import type { GoalSpec } from "../spec/goal-spec";

export type MetricCheck = { metric: string; target: string; value: number | undefined; shown: string; met: boolean };

export type PendingApproval = {
  goal: string;
  goalPhase: string;
  iteration: number;
  policy: GoalSpec["approval"]["policy"];
  waitingSince: Date;
  metrics: MetricCheck[];
  allMet: boolean;
  changedFiles: string[];
  changedFileCount: number;
  policyOk: boolean;
  regression: boolean;
  commit: string | null;
};

export async function listPendingApprovals(db: PrismaClient): Promise<PendingApproval[]> {
  const rows = await db.iteration.findMany({
    where: { approval: "pending" },
    select: {
      number: true,
      metrics: true,
      diff: true,
      changedFiles: true,
      policyOk: true,
      regression: true,
      commit: true,
      startedAt: true,
      finishedAt: true,
      approvalRequestedAt: true,
      goal: { select: { id: true, generation: true, name: true, phase: true, spec: true } },
    },
  });
  const pending = await Promise.all(
    rows.map(async (row): Promise<PendingApproval> => {
      const spec = parsedSpec(row.goal);
      const metrics = checkMetrics(spec, row.metrics as Record<string, number>, await readJudgedTargets(db, row.goal.id, spec, row.number));
      const files = filesInDiff(row.diff);
      return {
        goal: row.goal.name,
        goalPhase: row.goal.phase,
        iteration: row.number,
        policy: spec.approval.policy,
        // Waiting since the gate opened; gates opened before that was recorded, since the iteration was.
        waitingSince: row.approvalRequestedAt ?? row.finishedAt ?? row.startedAt,
        metrics,
        allMet: metrics.every((check) => check.met),
        changedFiles: files,
        changedFileCount: Math.max(row.changedFiles, files.length),
        policyOk: row.policyOk,
        regression: row.regression,
        commit: row.commit,
      };
    }),
  );
  return pending.sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime() || a.goal.localeCompare(b.goal) || a.iteration - b.iteration);
}

// targets: as the loop judged the iteration (relative ones resolved); the spec's own otherwise.
export function checkMetrics(spec: Pick<GoalSpec, "metrics">, metrics: Record<string, number>, targets: MetricTarget[] = specTargets(spec)): MetricCheck[] {
  return targets.map((each) => {
    const value = measured(metrics, each.metric);
    return {
      metric: each.metric,
      target: each.target.unresolved ? each.text : describeTarget(each),
      value,
      shown: formatValue(value),
      met: distance(each.target, value) === 0,
    };
  });
}

// File paths named by a unified git diff's headers, in order, each once.
export function filesInDiff(diff: string): string[] {
  const files = new Set<string>();
  for (const match of diff.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gm)) files.add(match[2]);
  return [...files];
}

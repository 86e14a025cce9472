// approval.timeoutMinutes: a gate left unanswered that long ends as approval.onTimeout says. `reject`
// rejects it (actor `system`, the reason goes into the next prompt, as a person's rejection would);
// `fail` ends the goal Failed (ApprovalTimedOut). Every runner sweeps; the goal's row lock makes each
// gate end once however many sweep at the same moment.
import type { PrismaClient } from "../generated/prisma/client";
import { lockGoal } from "../goals/lock-goal";
import { parsedSpec } from "../goals/parsed-spec";
import type { GoalSpec } from "../spec/goal-spec";
import { recordDecision } from "./decide-approval";

export const TIMEOUT_ACTOR = "system";

type Gate = { goal: string; iteration: number; openedAt: Date; approval: GoalSpec["approval"] };

// Returns the gates it ended, as "goal#iteration".
export async function expireApprovals(db: PrismaClient, now: Date = new Date()): Promise<string[]> {
  return (await sweepApprovalGates(db, now)).ended;
}

// Also says when the next open gate times out (null: none has a timeout), so a runner sleeps until then.
export async function sweepApprovalGates(db: PrismaClient, now: Date = new Date()): Promise<{ ended: string[]; nextTimeoutAt: Date | null }> {
  const rows = await db.iteration.findMany({
    where: { approval: "pending", goal: { phase: "AwaitingApproval", desired: "Run" } },
    select: {
      number: true,
      approvalRequestedAt: true,
      finishedAt: true,
      startedAt: true,
      goal: { select: { id: true, generation: true, name: true, spec: true } },
    },
  });
  const ended: string[] = [];
  let next: number | null = null;
  for (const row of rows) {
    // Gates opened before the column existed count from when their iteration was recorded.
    const gate: Gate = {
      goal: row.goal.name,
      iteration: row.number,
      openedAt: row.approvalRequestedAt ?? row.finishedAt ?? row.startedAt,
      approval: parsedSpec(row.goal).approval,
    };
    if (!isExpired(gate, now)) {
      const minutes = gate.approval?.timeoutMinutes;
      if (minutes !== undefined) next = Math.min(next ?? Infinity, gate.openedAt.getTime() + minutes * 60_000);
      continue;
    }
    if (await expireGate(db, gate, now)) ended.push(`${gate.goal}#${gate.iteration}`);
  }
  return { ended, nextTimeoutAt: next === null ? null : new Date(next) };
}

function isExpired(gate: Pick<Gate, "openedAt" | "approval">, now: Date): boolean {
  const minutes = gate.approval.timeoutMinutes;
  return minutes !== undefined && now.getTime() - gate.openedAt.getTime() >= minutes * 60_000;
}

// Looked at again under the goal's lock: a person may have decided, paused or edited the spec since.
async function expireGate(db: PrismaClient, gate: Gate, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const goal = await lockGoal(tx, gate.goal).catch(() => null);
    if (goal?.phase !== "AwaitingApproval" || goal.desired !== "Run") return false;
    const iteration = await tx.iteration.findUnique({ where: { goalId_number: { goalId: goal.id, number: gate.iteration } } });
    if (iteration?.approval !== "pending") return false;
    const approval = parsedSpec(goal).approval;
    const openedAt = iteration.approvalRequestedAt ?? iteration.finishedAt ?? iteration.startedAt;
    if (!isExpired({ openedAt, approval }, now)) return false;
    const comment = `no decision within ${approval.timeoutMinutes} minutes`;
    const fail = approval.onTimeout === "fail";
    await recordDecision(tx, goal, iteration, {
      approve: false,
      comment,
      actor: TIMEOUT_ACTOR,
      phase: fail
        ? { phase: "Failed", reason: "ApprovalTimedOut", message: `iteration ${gate.iteration} got ${comment}; approval.onTimeout is fail` }
        : undefined,
    });
    return true;
  });
}

// A person's decision on an iteration waiting at the approval gate. The loop picks it up from the
// queue: an approval lets it converge or go on, a rejection's comment goes into the next prompt.
import type { Goal, Iteration, Prisma, PrismaClient } from "../generated/prisma/client";
import { notifyQueue } from "../events/record-event";
import { setPhase } from "../goals/set-phase";
import { toIterationObject, type IterationObject } from "../goals/goal-object";
import { lockGoal } from "../goals/lock-goal";
import { UserError } from "../goals/user-error";
import type { GoalSpec } from "../spec/goal-spec";
import { refusalToDecide } from "./may-decide";

export type ApprovalDecision = { name: string; iteration: number; approve: boolean; comment?: string; actor: string };

export async function decideApproval(db: PrismaClient, decision: ApprovalDecision): Promise<IterationObject> {
  const comment = decision.comment?.trim() ?? "";
  if (!decision.approve && !comment) throw new UserError("BAD_REQUEST", "a rejection needs a comment: say what is wrong, it goes into the next prompt");
  return db.$transaction(async (tx) => {
    // Two people deciding the same gate at once get one decision, and a cancel meanwhile is respected.
    const goal = await lockGoal(tx, decision.name);
    // Checked on the goal as locked: an edit committed a moment ago makes its author an author.
    const refusal = refusalToDecide((goal.spec as GoalSpec).approval, goal, decision.actor);
    if (refusal) throw new UserError("FORBIDDEN", refusal);
    const iteration = await pendingIteration(tx, goal, decision.iteration);
    return toIterationObject(await recordDecision(tx, goal, iteration, { approve: decision.approve, comment, actor: decision.actor }));
  });
}

export async function pendingIteration(tx: Prisma.TransactionClient, goal: Goal, number: number): Promise<Iteration> {
  const iteration = await tx.iteration.findUnique({ where: { goalId_number: { goalId: goal.id, number } } });
  if (!iteration) throw new UserError("NOT_FOUND", `goal '${goal.name}' has no iteration ${number}`);
  if (iteration.approval !== "pending") {
    const state = iteration.approval ? `was already ${iteration.approval}` : "is not waiting for approval";
    throw new UserError("CONFLICT", `iteration ${number} of goal '${goal.name}' ${state}`);
  }
  return iteration;
}

type Verdict = { approve: boolean; comment: string; actor: string; phase?: { phase: "Failed"; reason: string; message: string } };

// The decision's writes, on a goal locked by the caller and an iteration it found pending. A verdict
// that ends the goal (a timeout with onTimeout: fail) says so in `phase`; otherwise a parked goal is queued.
export async function recordDecision(tx: Prisma.TransactionClient, goal: Goal, iteration: Iteration, verdict: Verdict): Promise<Iteration> {
  const decided = verdict.approve ? "approved" : "rejected";
  const updated = await tx.iteration.update({
    where: { id: iteration.id },
    data: { approval: decided, approvalComment: verdict.comment || null, approvedBy: verdict.actor, decidedAt: new Date(), accepted: verdict.approve ? iteration.accepted : false },
  });
  if (verdict.approve && iteration.accepted && iteration.commit) await tx.goal.update({ where: { id: goal.id }, data: { acceptedCommit: iteration.commit } });
  const message = `iteration ${iteration.number} ${decided} by ${verdict.actor}${verdict.comment ? `: ${verdict.comment}` : ""}`;
  const stillParked = goal.phase === "AwaitingApproval" && goal.desired === "Run";
  const event = { iteration: iteration.number, comment: verdict.comment, decision: decided };
  if (verdict.phase) {
    await setPhase(tx, goal.id, { ...verdict.phase, actor: verdict.actor, event });
  } else {
    await setPhase(tx, goal.id, {
      phase: stillParked ? "Queued" : (goal.phase as never),
      reason: verdict.approve ? "Approved" : "Rejected",
      message,
      actor: verdict.actor,
      data: stillParked ? { nextRunAt: new Date() } : {},
      event,
    });
  }
  await notifyQueue(tx);
  return updated;
}

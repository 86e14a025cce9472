// A person's decision on an iteration waiting at the approval gate. The loop picks it up from the
// queue: an approval lets it converge or go on, a rejection's comment goes into the next prompt.
import type { PrismaClient } from "../generated/prisma/client";
import { notifyQueue } from "../events/record-event";
import { setPhase } from "../goals/set-phase";
import { toIterationObject, type IterationObject } from "../goals/goal-object";
import { lockGoal } from "../goals/lock-goal";
import { UserError } from "../goals/user-error";

export type ApprovalDecision = { name: string; iteration: number; approve: boolean; comment?: string; actor: string };

export async function decideApproval(db: PrismaClient, decision: ApprovalDecision): Promise<IterationObject> {
  const comment = decision.comment?.trim() ?? "";
  if (!decision.approve && !comment) throw new UserError("BAD_REQUEST", "a rejection needs a comment: say what is wrong, it goes into the next prompt");
  return db.$transaction(async (tx) => {
    // Two people deciding the same gate at once get one decision, and a cancel meanwhile is respected.
    const goal = await lockGoal(tx, decision.name);
    const iteration = await tx.iteration.findUnique({ where: { goalId_number: { goalId: goal.id, number: decision.iteration } } });
    if (!iteration) throw new UserError("NOT_FOUND", `goal '${decision.name}' has no iteration ${decision.iteration}`);
    if (iteration.approval !== "pending") {
      const state = iteration.approval ? `was already ${iteration.approval}` : "is not waiting for approval";
      throw new UserError("CONFLICT", `iteration ${decision.iteration} of goal '${decision.name}' ${state}`);
    }
    const verdict = decision.approve ? "approved" : "rejected";
    const updated = await tx.iteration.update({
      where: { id: iteration.id },
      data: { approval: verdict, approvalComment: comment || null, approvedBy: decision.actor, decidedAt: new Date(), accepted: decision.approve ? iteration.accepted : false },
    });
    if (decision.approve && iteration.accepted && iteration.commit) await tx.goal.update({ where: { id: goal.id }, data: { acceptedCommit: iteration.commit } });
    const message = `iteration ${decision.iteration} ${verdict} by ${decision.actor}${comment ? `: ${comment}` : ""}`;
    const stillParked = goal.phase === "AwaitingApproval" && goal.desired === "Run";
    await setPhase(tx, goal.id, {
      phase: stillParked ? "Queued" : (goal.phase as never),
      reason: decision.approve ? "Approved" : "Rejected",
      message,
      actor: decision.actor,
      data: stillParked ? { nextRunAt: new Date() } : {},
      event: { iteration: decision.iteration, comment },
    });
    await notifyQueue(tx);
    return toIterationObject(updated);
  });
}

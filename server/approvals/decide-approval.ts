// A person's decision on an iteration waiting at the approval gate. The loop picks it up from the
// queue: an approval lets it converge or go on, a rejection's comment goes into the next prompt.
import type { Goal, Iteration, Prisma, PrismaClient } from "../generated/prisma/client";
import { notifyQueue } from "../events/record-event";
import { setPhase } from "../goals/set-phase";
import { toIterationObject, type IterationObject } from "../goals/goal-object";
import { recordColumns, toRecord } from "../goals/iteration-record";
import { lockGoal } from "../goals/lock-goal";
import { parsedSpec } from "../goals/parsed-spec";
import { judgeApproval } from "../loop/judge-history";
import { UserError } from "../goals/user-error";
import { refusalToDecide } from "./may-decide";
import { takeCandidate } from "./take-candidate";

// Without an iteration, the goal's only waiting gate is decided (several waiting: refused, listing them).
// `candidate`: an approval of a best-of-N iteration that keeps this candidate instead of the automatic best.
export type ApprovalDecision = { name: string; iteration?: number; approve: boolean; comment?: string; actor: string; candidate?: number };

export async function decideApproval(db: PrismaClient, decision: ApprovalDecision): Promise<IterationObject> {
  const comment = decision.comment?.trim() ?? "";
  if (!decision.approve && !comment) throw new UserError("BAD_REQUEST", "a rejection needs a comment: say what is wrong, it goes into the next prompt");
  if (!decision.approve && decision.candidate !== undefined)
    throw new UserError("BAD_REQUEST", "candidate: only an approval keeps a candidate", [{ path: "candidate", message: "only an approval keeps a candidate" }]);
  return db.$transaction(async (tx) => {
    // Two people deciding the same gate at once get one decision, and a cancel meanwhile is respected.
    const goal = await lockGoal(tx, decision.name);
    // Checked on the goal as locked: an edit committed a moment ago makes its author an author.
    const refusal = refusalToDecide(parsedSpec(goal).approval, goal, decision.actor);
    if (refusal) throw new UserError("FORBIDDEN", refusal);
    const pending = decision.iteration === undefined ? await onlyPendingIteration(tx, goal) : await pendingIteration(tx, goal, decision.iteration);
    // The pick lands first, so the judge below judges the kept candidate's measurements.
    const iteration =
      decision.candidate === undefined ? pending : await takeCandidate(tx, goal, pending, { number: decision.candidate, actor: decision.actor, comment });
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

async function onlyPendingIteration(tx: Prisma.TransactionClient, goal: Goal): Promise<Iteration> {
  const waiting = await tx.iteration.findMany({ where: { goalId: goal.id, approval: "pending" }, orderBy: { number: "asc" } });
  if (waiting.length === 1) return waiting[0];
  if (waiting.length === 0) throw new UserError("CONFLICT", `goal '${goal.name}' has no iteration waiting for approval`);
  const numbers = waiting.map((iteration) => iteration.number).join(", ");
  throw new UserError(
    "CONFLICT",
    `goal '${goal.name}' has ${waiting.length} iterations waiting for approval (${numbers}): say which one with --iteration (the API's iteration)`,
    [{ path: "iteration", message: `one of ${numbers}` }],
  );
}

type Verdict = { approve: boolean; comment: string; actor: string; phase?: { phase: "Failed"; reason: string; message: string } };

// The decision's writes, on a goal locked by the caller and an iteration it found pending. A verdict
// that ends the goal (a timeout with onTimeout: fail) says so in `phase`; otherwise a parked goal is queued.
export async function recordDecision(tx: Prisma.TransactionClient, goal: Goal, iteration: Iteration, verdict: Verdict): Promise<Iteration> {
  const decided = verdict.approve ? "approved" : "rejected";
  // The loop's judge says what the decision keeps; the rows cache its answer for display.
  const rows = await tx.iteration.findMany({ where: { goalId: goal.id, phase: { not: "Running" } }, orderBy: { number: "asc" }, select: recordColumns });
  const judged = judgeApproval(parsedSpec(goal), rows.map(toRecord), iteration.number, verdict.approve);
  const updated = await tx.iteration.update({
    where: { id: iteration.id },
    data: { approval: decided, approvalComment: verdict.comment || null, approvedBy: verdict.actor, decidedAt: new Date(), accepted: judged.accepted },
  });
  await tx.goal.update({ where: { id: goal.id }, data: { acceptedCommit: judged.acceptedCommit ?? undefined, bestIteration: judged.bestIteration } });
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

// The one way a goal's phase changes: status, conditions and an event, in the caller's transaction.
import type { Prisma } from "../generated/prisma/client";
import { recordEvent } from "../events/record-event";
import type { Phase } from "../loop/types";
import { nextConditions, type Condition } from "./conditions";

type Tx = Prisma.TransactionClient;

export type PhaseChange = {
  phase: Phase;
  reason: string;
  message: string;
  actor?: string;
  data?: Prisma.GoalUpdateInput;
  event?: Record<string, unknown>;
};

export async function setPhase(tx: Tx, goalId: string, change: PhaseChange): Promise<void> {
  const goal = await tx.goal.findUniqueOrThrow({ where: { id: goalId }, select: { name: true, conditions: true } });
  const conditions = nextConditions(goal.conditions as Condition[], change.phase, change.reason, change.message, new Date());
  await tx.goal.update({
    where: { id: goalId },
    data: { ...change.data, phase: change.phase, reason: change.reason, message: change.message, conditions },
  });
  await recordEvent(tx, {
    goalId,
    goalName: goal.name,
    type: change.phase,
    reason: change.reason,
    message: change.message,
    actor: change.actor,
    data: change.event,
  });
}

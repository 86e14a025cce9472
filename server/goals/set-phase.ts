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

// Time spent waiting for a person (paused, or at an approval gate) is not the loop's time.
const HELD: readonly Phase[] = ["Paused", "AwaitingApproval"];

export type PhaseState = Awaited<ReturnType<typeof readPhase>>;

// What a phase change builds on; a caller that must look before it changes passes it on to setPhase.
export function readPhase(tx: Tx, goalId: string) {
  return tx.goal.findUniqueOrThrow({ where: { id: goalId }, select: { name: true, conditions: true, phase: true, heldSince: true, runStartedAt: true } });
}

export async function setPhase(tx: Tx, goalId: string, change: PhaseChange, current?: PhaseState): Promise<void> {
  const goal = current ?? (await readPhase(tx, goalId));
  const now = new Date();
  const conditions = nextConditions(goal.conditions as Condition[], change.phase, change.reason, change.message, now);
  await tx.goal.update({
    where: { id: goalId },
    data: { ...heldTime(goal, change.phase, now), ...change.data, phase: change.phase, reason: change.reason, message: change.message, conditions },
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

// Entering a held phase notes when; leaving it moves the run's start forward by the time held, so the
// duration budget counts only the time the loop could work.
function heldTime(goal: { phase: string; heldSince: Date | null; runStartedAt: Date | null }, next: Phase, now: Date): Prisma.GoalUpdateInput {
  const wasHeld = HELD.includes(goal.phase as Phase);
  const isHeld = HELD.includes(next);
  if (isHeld && !wasHeld) return { heldSince: now };
  if (!isHeld && wasHeld && goal.heldSince) {
    const shifted = goal.runStartedAt ? new Date(goal.runStartedAt.getTime() + (now.getTime() - goal.heldSince.getTime())) : null;
    return { heldSince: null, ...(shifted ? { runStartedAt: shifted } : {}) };
  }
  return {};
}

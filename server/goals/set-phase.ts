// The one way a goal's phase changes: status, conditions and an event, in the caller's transaction.
import { supersedeCertificates } from "../certificates/supersede-certificates";
import type { Prisma } from "../generated/prisma/client";
import {
  DEPENDENCIES_CONVERGED,
  dependenciesConvergedMessage,
  queuedDependents,
  unconvergedDependencies,
  WAITING_FOR_DEPENDENCIES,
  waitingMessage,
} from "../dependencies/wait-for-dependencies";
import { notifyQueue, recordEvent } from "../events/record-event";
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
  return tx.goal.findUniqueOrThrow({
    where: { id: goalId },
    select: { name: true, conditions: true, phase: true, heldSince: true, runStartedAt: true, dependsOn: true, desired: true },
  });
}

export async function setPhase(tx: Tx, goalId: string, asked: PhaseChange, current?: PhaseState): Promise<void> {
  const goal = current ?? (await readPhase(tx, goalId));
  const change = asked.phase === "Queued" ? await sayWhatItWaitsFor(tx, goal.dependsOn, asked) : asked;
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
  if ((change.phase === "Converged") !== (goal.phase === "Converged")) await refreshDependents(tx, goal.name);
  // Whatever moves a goal out of Converged (re-run, drift, changed spec) ends what its certificate stood for.
  if (goal.phase === "Converged" && change.phase !== "Converged") await supersedeCertificates(tx, goalId, change.reason, now);
}

// A goal queued while some of its dependencies have not converged says so (the claim holds it back).
async function sayWhatItWaitsFor(tx: Tx, dependsOn: string[], change: PhaseChange): Promise<PhaseChange> {
  if (dependsOn.length === 0 || change.reason === WAITING_FOR_DEPENDENCIES) return change;
  const unconverged = await unconvergedDependencies(tx, dependsOn);
  if (unconverged.length === 0) return change;
  return {
    ...change,
    reason: WAITING_FOR_DEPENDENCIES,
    message: `${change.message}; ${waitingMessage(unconverged)}`,
    event: { ...change.event, waitingFor: unconverged.map((dependency) => dependency.name) },
  };
}

// `name` converged, stopped being Converged, was created or was deleted: the queued goals that depend
// on it wait for one goal more or less, and those it was the last one for are free to run.
export async function refreshDependents(tx: Tx, name: string): Promise<void> {
  let released = false;
  for (const dependent of await queuedDependents(tx, name)) released = (await refreshWaiting(tx, dependent)) || released;
  // Idle runners look at the queue now rather than at their next poll.
  if (released) await notifyQueue(tx);
}

// Says on a queued goal what it waits for, or that it waits no more; true when nothing holds it back.
export async function refreshWaiting(tx: Tx, goal: { id: string; dependsOn: string[]; reason: string; message: string }): Promise<boolean> {
  const unconverged = await unconvergedDependencies(tx, goal.dependsOn);
  if (unconverged.length > 0) {
    const message = waitingMessage(unconverged);
    if (goal.reason !== WAITING_FOR_DEPENDENCIES || goal.message !== message) {
      await setPhase(tx, goal.id, {
        phase: "Queued",
        reason: WAITING_FOR_DEPENDENCIES,
        message,
        event: { waitingFor: unconverged.map((dependency) => dependency.name) },
      });
    }
    return false;
  }
  if (goal.reason === WAITING_FOR_DEPENDENCIES) {
    await setPhase(tx, goal.id, { phase: "Queued", reason: DEPENDENCIES_CONVERGED, message: dependenciesConvergedMessage(goal.dependsOn) });
  }
  return true;
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

// Pause, resume, cancel and delete. A goal held by a runner is steered through `desired`: the runner
// sees it at its next heartbeat or step and acts (a cancel kills the agent's process group).
import { workDir } from "../config";
import type { Goal, Prisma, PrismaClient } from "../generated/prisma/client";
import { keepAuditTrail } from "../events/keep-audit-trail";
import { notifyGoalRequest, notifyQueue, recordEvent } from "../events/record-event";
import { TERMINAL_PHASES, type Phase } from "../loop/types";
import { removeAgentHome } from "../runner/agent-home";
import { toGoalObject, type GoalObject } from "./goal-object";
import { newRunData } from "./new-run";
import { refreshDependents, setPhase } from "./set-phase";
import { isHeld, lockGoal } from "./lock-goal";
import { goalNotFound, UserError } from "./user-error";

type Action = "pause" | "resume" | "cancel" | "rerun";

export async function controlGoal(db: PrismaClient, name: string, action: Action, actor: string): Promise<GoalObject> {
  return db.$transaction(async (tx) => {
    const goal = await lockGoal(tx, name);
    const phase = goal.phase as Phase;
    const held = isHeld(goal);
    const terminal = TERMINAL_PHASES.includes(phase);

    if (action === "pause") {
      if (terminal) throw new UserError("CONFLICT", `goal '${name}' is ${phase}; only a running goal can be paused`);
      if (held) {
        await tx.goal.update({
          where: { id: goal.id },
          data: { desired: "Pause", reason: "PauseRequested", message: `pause requested by ${actor}; it pauses after the current step` },
        });
        await recordEvent(tx, {
          goalId: goal.id,
          goalName: name,
          type: "PauseRequested",
          message: `pause requested by ${actor}; the runner pauses after the current step`,
          actor,
        });
        await notifyGoalRequest(tx, goal.id);
      } else {
        await setPhase(tx, goal.id, { phase: "Paused", reason: "PausedByUser", message: `paused by ${actor}`, actor, data: { desired: "Pause" } });
      }
    } else if (action === "resume") {
      if (phase === "Converged") throw new UserError("CONFLICT", `goal '${name}' has converged; apply a changed spec to run it again`);
      if (phase === "Cancelled") throw new UserError("CONFLICT", `goal '${name}' was cancelled, which is final; delete it and apply it again to start over`);
      if (held) {
        // A runner still works on it (a pause was asked but not yet reached): it simply goes on.
        await tx.goal.update({ where: { id: goal.id }, data: { desired: "Run", reason: "Resumed", message: `resumed by ${actor}` } });
        await recordEvent(tx, { goalId: goal.id, goalName: name, type: "ResumeRequested", message: `resumed by ${actor} before the pause took effect`, actor });
        return toGoalObject(await tx.goal.findUniqueOrThrow({ where: { id: goal.id } }));
      }
      await setPhase(tx, goal.id, {
        phase: "Queued",
        reason: "Resumed",
        message: `resumed by ${actor}`,
        actor,
        data: { desired: "Run", nextRunAt: new Date(), ...(terminal ? await newRunData(tx, goal.id) : {}) },
      });
      await notifyQueue(tx);
    } else if (action === "rerun") {
      const refusal = rerunRefusal(goal);
      if (refusal) throw new UserError("CONFLICT", refusal);
      await rerunGoal(tx, goal, { actor, reason: "Rerun", message: `re-run requested by ${actor}` });
    } else {
      if (terminal) throw new UserError("CONFLICT", `goal '${name}' has already ended (${phase})`);
      await tx.goal.update({
        where: { id: goal.id },
        data: { desired: "Cancel", ...(held ? { reason: "CancelRequested", message: `cancel requested by ${actor}; the runner is stopping the agent` } : {}) },
      });
      if (!held) await setPhase(tx, goal.id, { phase: "Cancelled", reason: "CancelledByUser", message: `cancelled by ${actor}`, actor });
      else
        await recordEvent(tx, {
          goalId: goal.id,
          goalName: name,
          type: "CancelRequested",
          message: `cancel requested by ${actor}; the runner stops the agent`,
          actor,
        });
      // Held or not: best-of-N candidates of it may still run on other runners (their holder died), and stop on it.
      await notifyGoalRequest(tx, goal.id);
    }
    return toGoalObject(await tx.goal.findUniqueOrThrow({ where: { id: goal.id } }));
  });
}

// Why a goal cannot be re-run now, or null when it can.
export function rerunRefusal(goal: Pick<Goal, "name" | "phase">): string | null {
  if (goal.phase === "Cancelled") return `goal '${goal.name}' was cancelled, which is final; delete it and apply it again to start over`;
  if (!TERMINAL_PHASES.includes(goal.phase as Phase)) return `goal '${goal.name}' is ${goal.phase}; only a goal that has ended can be re-run`;
  return null;
}

// A new run with fresh budgets from the best commit; on a converged goal it re-measures the targets.
// The goal's row is locked by the caller (lockGoal) and rerunRefusal said yes.
export async function rerunGoal(
  tx: Prisma.TransactionClient,
  goal: Pick<Goal, "id">,
  why: { actor: string; reason: string; message: string; event?: Record<string, unknown> },
): Promise<void> {
  await setPhase(tx, goal.id, {
    phase: "Queued",
    reason: why.reason,
    message: why.message,
    actor: why.actor,
    event: why.event,
    data: { desired: "Run", nextRunAt: new Date(), ...(await newRunData(tx, goal.id)) },
  });
  await notifyQueue(tx);
}

export async function deleteGoal(db: PrismaClient, name: string, actor: string): Promise<{ name: string; deleted: true }> {
  const id = await db.$transaction(async (tx) => {
    const goal = await tx.goal.findUnique({ where: { name } });
    if (!goal) throw goalNotFound(name);
    // Keep a trace of the deletion and of what people did: those events outlive the goal (goalId null).
    await keepAuditTrail(tx, goal.id);
    await tx.goal.delete({ where: { id: goal.id } });
    await recordEvent(tx, { goalId: null, goalName: name, type: "Deleted", message: `deleted by ${actor}`, actor });
    await refreshDependents(tx, name);
    // Its runner renews the lease at once, finds the goal gone and stops the agent, not at its next heartbeat; so do
    // the runners of its best-of-N candidates, which may run even when no runner holds the goal (its holder died).
    await notifyGoalRequest(tx, goal.id);
    return goal.id;
  });
  // Its commands' home on this machine; a runner on another machine removes its own when it next starts.
  await removeAgentHome(workDir(), id).catch(() => {});
  return { name, deleted: true };
}

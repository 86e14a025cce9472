// The outbox: one delivery per spec.notify entry that names the event, and a pull request update when a
// goal with workspace.pullRequest converges or drifts, written in the transaction of the state change,
// so a delivery goes out exactly when the change commits (and never for one rolled back).
import { Prisma } from "../generated/prisma/client";
import { publicUrl } from "../config";
import { NOTIFY_EVENTS, type GoalSpec } from "../spec/goal-spec";
import { notifyOutbox } from "./notify-outbox";
import { parsedSpecOrNull } from "../goals/parsed-spec";
import { enqueuePullRequest } from "../pull-requests/enqueue-pull-request";
import { notificationPayload } from "./notification-payload";
import { notifiesAnyone } from "./notifies-anyone";
import { notifyEventFor, type NotifyEvent } from "./notify-event";

type Tx = Prisma.TransactionClient;

export type NotifiableEvent = { goalId: string | null; type: string; reason?: string; message?: string; data?: Record<string, unknown> };

export async function enqueueNotifications(tx: Tx, event: NotifiableEvent): Promise<void> {
  const kind = notifyEventFor(event.type, event.reason ?? "");
  if (!kind || !event.goalId) return;
  const goal = await tx.goal.findUnique({
    where: { id: event.goalId },
    select: {
      id: true,
      generation: true,
      name: true,
      spec: true,
      phase: true,
      currentIteration: true,
      bestIteration: true,
      acceptedCommit: true,
      runFromIteration: true,
    },
  });
  // A stored spec the schema no longer accepts names no one to tell, and must not stop the change being recorded.
  const spec = goal && parsedSpecOrNull(goal);
  if (!goal || !spec || !notifiesAnyone(spec, kind)) return;
  const named = event.data?.iteration;
  const iteration = typeof named === "number" ? named : kind === "Converged" ? goal.bestIteration : goal.currentIteration;
  let enqueued = await enqueueWebhooks(tx, { ...goal, iteration }, spec.notify, kind, event);
  const pullRequest = spec.workspace.pullRequest;
  if (pullRequest && (kind === "Converged" || kind === "Drifted")) {
    const commit = kind === "Drifted" && typeof event.data?.commit === "string" ? event.data.commit : goal.acceptedCommit;
    await enqueuePullRequest(tx, {
      goalId: goal.id,
      goalName: goal.name,
      goal: goal.name,
      workspace: spec.workspace,
      event: kind,
      iteration,
      runFromIteration: goal.runFromIteration,
      commit,
      message: event.message ?? "",
    });
    enqueued = true;
  }
  // Senders sleep until woken (or their slow poll): one NOTIFY per state change that enqueued anything.
  if (enqueued) await notifyOutbox(tx);
}

type GoalFacts = { id: string; name: string; phase: string; iteration: number | null };

// Answers whether it enqueued any.
async function enqueueWebhooks(tx: Tx, goal: GoalFacts, entries: GoalSpec["notify"], kind: NotifyEvent, event: NotifiableEvent): Promise<boolean> {
  // The same address listed twice (with the same signing secret) gets the message once.
  const targets = new Map<string, { url: string; secretName: string | null }>();
  for (const entry of entries.filter((candidate) => (candidate.events ?? NOTIFY_EVENTS).includes(kind))) {
    targets.set(`${entry.url}\u0000${entry.signingSecret ?? ""}`, { url: entry.url, secretName: entry.signingSecret ?? null });
  }
  if (targets.size === 0) return false;
  const payload = JSON.stringify(
    notificationPayload(
      { goal: goal.name, event: kind, phase: goal.phase, reason: event.reason ?? "", message: event.message ?? "", iteration: goal.iteration },
      publicUrl(),
    ),
  );
  // Due times come from Postgres's clock, as the claim compares them with it.
  const rows = [...targets.values()].map(
    ({ url, secretName }) =>
      Prisma.sql`(gen_random_uuid(), ${goal.id}::uuid, ${goal.name}, 'webhook', ${url}, ${kind}, ${payload}::jsonb, ${secretName}, timezone('UTC', now()), timezone('UTC', now()))`,
  );
  await tx.$executeRaw`
    INSERT INTO "Notification" ("id", "goalId", "goalName", "kind", "url", "event", "payload", "secretName", "nextAttemptAt", "createdAt")
    VALUES ${Prisma.join(rows)}`;
  return true;
}

// Whether an event of this kind would put anything in the outbox for this goal (server/notifications/
// enqueue-notifications.ts decides the same, with the rows): when not, the event may be written where the
// outbox is not, such as in a fenced statement.
import { NOTIFY_EVENTS, type GoalSpec } from "../spec/goal-spec";
import type { NotifyEvent } from "./notify-event";

export function notifiesAnyone(spec: Pick<GoalSpec, "notify" | "workspace">, kind: NotifyEvent): boolean {
  if (spec.notify.some((entry) => (entry.events ?? NOTIFY_EVENTS).includes(kind))) return true;
  return Boolean(spec.workspace.pullRequest) && (kind === "Converged" || kind === "Drifted");
}

// Which goal events spec.notify can name. Phase changes record an event whose type is the new phase,
// so the event row alone says what happened: no call site has to remember to notify.
import type { NOTIFY_EVENTS } from "../spec/goal-spec";

export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export function notifyEventFor(type: string, reason: string): NotifyEvent | null {
  switch (type) {
    case "AwaitingApproval":
    case "Converged":
    case "Stalled":
    case "Exhausted":
    case "Failed":
    case "BudgetWarning": // once per budget per run (server/runner/record-budget-warnings.ts)
      return type;
    case "Queued":
      // A goal whose desired state drifted from what it converged to goes back to the queue for it.
      return reason === "Drifted" ? "Drifted" : null;
    default:
      return null;
  }
}

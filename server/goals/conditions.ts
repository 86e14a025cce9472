// Kubernetes-style conditions derived from the phase; lastTransitionTime moves only when a status flips.
import type { Phase } from "../loop/types";

export type Condition = { type: string; status: "True" | "False" | "Unknown"; reason: string; message: string; lastTransitionTime: string };

const CONDITION_TYPES = ["Ready", "Progressing", "AwaitingApproval"] as const;

export function nextConditions(previous: Condition[], phase: Phase, reason: string, message: string, now: Date): Condition[] {
  return CONDITION_TYPES.map((type) => {
    const status = conditionStatus(type, phase);
    const before = previous.find((condition) => condition.type === type);
    const changed = !before || before.status !== status;
    return {
      type,
      status,
      reason,
      message,
      lastTransitionTime: changed ? now.toISOString() : before.lastTransitionTime,
    };
  });
}

function conditionStatus(type: (typeof CONDITION_TYPES)[number], phase: Phase): "True" | "False" {
  switch (type) {
    case "Ready":
      return phase === "Converged" ? "True" : "False";
    case "Progressing":
      return phase === "Queued" || phase === "Running" ? "True" : "False";
    case "AwaitingApproval":
      return phase === "AwaitingApproval" ? "True" : "False";
  }
}

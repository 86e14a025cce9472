// What a webhook receives: the facts as fields, plus `text`, one line that Slack's incoming webhooks
// (and chat tools that copy them) show as the message.
import type { NotifyEvent } from "./notify-event";

export type NotificationPayload = {
  text: string;
  goal: string;
  event: NotifyEvent;
  phase: string;
  reason: string;
  message: string;
  iteration: number | null;
  url: string;
};

const VERBS: Record<NotifyEvent, string> = {
  AwaitingApproval: "waits for approval",
  Converged: "converged",
  Stalled: "stalled",
  Exhausted: "ran out of budget",
  Failed: "failed",
  Drifted: "drifted and is queued again",
  BudgetWarning: "nears a budget",
};

// Long enough for a stop message; a chat line, not a log.
const MESSAGE_CHARS = 300;

export function notificationPayload(fact: Omit<NotificationPayload, "text" | "url">, publicUrl: string): NotificationPayload {
  const url = `${publicUrl}/goals/${encodeURIComponent(fact.goal)}`;
  const at = fact.iteration === null ? "" : ` at iteration ${fact.iteration}`;
  const message = oneLine(fact.message);
  const text = `Setpoint: goal ${fact.goal} ${VERBS[fact.event]}${at}${message ? `: ${slackEscape(message)}` : ""} ${url}`;
  return { text, ...fact, url };
}

function oneLine(message: string): string {
  const flat = message.replace(/\s+/g, " ").trim();
  return flat.length > MESSAGE_CHARS ? `${flat.slice(0, MESSAGE_CHARS - 1)}…` : flat;
}

// Slack reads <…> as links and mentions (<!channel>): a goal's message must not ping anybody.
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

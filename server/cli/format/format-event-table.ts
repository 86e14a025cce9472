// `setpoint events`: the audit trail, one event a line, oldest first, with its absolute time.
import type { AuditEvent } from "../api-types";
import { formatTable } from "./format-table";

export function formatEventTable(events: readonly AuditEvent[]): string {
  return formatTable(
    ["TIME", "GOAL", "TYPE", "REASON", "ACTOR", "MESSAGE"],
    events.map((event) => [event.time.replace(/\.\d{3}Z$/, "Z"), event.goal || "-", event.type, event.reason || "-", actorOf(event), event.message || "-"]),
  );
}

// A person who acted through a token: the token beside them (a token named as its owner adds nothing).
function actorOf(event: AuditEvent): string {
  return event.viaToken && event.viaToken !== event.actor ? `${event.actor} (token ${event.viaToken})` : event.actor;
}

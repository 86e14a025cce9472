// `setpoint events`: the audit trail, one event a line, oldest first, with its absolute time.
import type { AuditEvent } from "../api-types";
import { formatTable } from "./format-table";

export function formatEventTable(events: readonly AuditEvent[]): string {
  return formatTable(["TIME", "GOAL", "TYPE", "REASON", "ACTOR", "MESSAGE"], events.map((event) => [
    event.time.replace(/\.\d{3}Z$/, "Z"), event.goal || "-", event.type, event.reason || "-", event.actor, event.message || "-",
  ]));
}

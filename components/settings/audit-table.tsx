// Audit events, newest first: when, who (and through which token), on which goal, what.
import Link from "next/link";
import { TableHead } from "@/components/ui/table-head";
import type { AuditEvent } from "@/server/events/list-events";

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="panel overflow-x-auto">
      <table className="w-full text-sm" data-testid="audit-table">
        <TableHead columns={["Time (UTC)", "Person", "Goal", "Type", "What happened"]} />
        <tbody>
          {events.map((event) => (
            <tr
              key={event.id}
              data-testid="audit-row"
              data-event={event.id}
              className="border-b border-slate-100 align-top last:border-b-0 dark:border-slate-800"
            >
              <td className="px-4 py-2.5 whitespace-nowrap font-mono text-xs tabular-nums">{event.time.slice(0, 19).replace("T", " ")}</td>
              <td className="px-4 py-2.5 whitespace-nowrap" data-testid="audit-actor">
                <span className="font-medium">{event.actor}</span>
                {event.viaToken && <span className="block text-xs text-slate-500 dark:text-slate-400">via token {event.viaToken}</span>}
              </td>
              <td className="px-4 py-2.5">
                {event.goal ? (
                  <Link href={`/goals/${encodeURIComponent(event.goal)}`} className="hover:underline">
                    {event.goal}
                  </Link>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="px-4 py-2.5 whitespace-nowrap" data-testid="audit-type">
                {event.type}
                {event.reason && event.reason !== event.type && <span className="block text-xs text-slate-500 dark:text-slate-400">{event.reason}</span>}
              </td>
              <td className="max-w-xl px-4 py-2.5 break-words">{event.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

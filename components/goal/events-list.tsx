// The goal's recent events, newest first: what changed, why, who did it and when.
import { PhaseBadge } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { GoalEvent } from "@/server/goals/read-goal-page";
import { PHASES } from "@/server/loop/types";

export function EventsList({ events, now }: { events: GoalEvent[]; now: number }) {
  return (
    <ol
      className="max-h-[34rem] divide-y divide-slate-100 overflow-y-auto focus-visible:outline-2 focus-visible:outline-blue-600 dark:divide-slate-800"
      data-testid="events-list"
      tabIndex={0}
      aria-label="Recent events, newest first"
    >
      {events.length === 0 && <li className="muted px-4 py-6 text-center text-sm">No events yet.</li>}
      {events.map((event, index) => (
        <li key={`${event.createdAt}-${index}`} className="px-4 py-2 text-sm" data-testid="event" data-type={event.type}>
          <div className="flex items-center gap-2">
            {(PHASES as readonly string[]).includes(event.type) ? (
              <PhaseBadge phase={event.type} />
            ) : (
              <span className="font-mono text-xs font-medium">{event.type}</span>
            )}
            {event.reason && <span className="truncate font-mono text-xs text-slate-500 dark:text-slate-400">{event.reason}</span>}
            <span className="muted ml-auto shrink-0 text-xs">
              <TimeAgo at={event.createdAt} now={now} />
            </span>
          </div>
          {event.message && <p className="mt-0.5 break-words text-xs text-slate-600 dark:text-slate-400">{event.message}</p>}
          {/* The audit: who (a person, a token, a runner, or system for timeouts) and when, always. */}
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400" data-testid="event-actor">
            by {event.actor} · <time dateTime={event.createdAt}>{event.createdAt.replace("T", " ").slice(0, 19)} UTC</time>
          </p>
        </li>
      ))}
    </ol>
  );
}

// The goal's recent outgoing notifications (spec.notify), newest first: sent, retrying or given up.
import { TimeAgo } from "@/components/ui/time-ago";
import type { NotificationRow } from "@/server/notifications/list-notifications";

const STATUS_STYLE: Record<NotificationRow["status"], string> = {
  delivered: "text-emerald-700 dark:text-emerald-400",
  pending: "text-amber-700 dark:text-amber-400",
  failed: "text-red-700 dark:text-red-400",
};

export function NotificationsList({ notifications, now }: { notifications: NotificationRow[]; now: number }) {
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="notifications-list" aria-label="Recent notifications, newest first">
      {notifications.length === 0 && <li className="muted px-4 py-6 text-center text-sm">None sent yet.</li>}
      {notifications.map((row) => (
        <li key={row.id} className="px-4 py-2 text-sm" data-testid="notification" data-status={row.status}>
          <div className="flex items-center gap-2">
            <span className="font-mono text-xs font-medium">{row.event}</span>
            <span className={`text-xs font-medium ${STATUS_STYLE[row.status]}`}>
              {row.status}
              {row.attempts > 1 ? ` after ${row.attempts} attempts` : ""}
            </span>
            <span className="muted ml-auto shrink-0 text-xs">
              <TimeAgo at={row.createdAt} now={now} />
            </span>
          </div>
          <p className="mt-0.5 truncate font-mono text-xs text-slate-500 dark:text-slate-400">{row.to}</p>
          {row.status !== "delivered" && row.lastError && <p className="mt-0.5 break-words text-xs text-slate-600 dark:text-slate-400">{row.lastError}</p>}
        </li>
      ))}
    </ol>
  );
}

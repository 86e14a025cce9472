// The audit log (anyone signed in reads it): every event across goals, newest first, filtered by
// person, goal, type and time, a page at a time (keyed on the event id, so a page never shifts).
import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/settings/audit-filters";
import { AuditTable } from "@/components/settings/audit-table";
import { EmptyState } from "@/components/ui/empty-state";
import { listUsers } from "@/server/auth/users";
import { db } from "@/server/db/client";
import { readAuditQuery } from "@/server/events/audit-query";
import { pageAuditEvents } from "@/server/events/list-events";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  await requireCaller("read");
  const query = readAuditQuery(await searchParams);
  const [page, users] = await Promise.all([pageAuditEvents(db(), query.filter, query.cursor), listUsers(db())]);
  const filters = Object.fromEntries(Object.entries(query.values).filter(([field]) => field !== "before" && field !== "after"));
  const href = (cursor: Record<string, string>) => `/settings/audit?${new URLSearchParams({ ...filters, ...cursor })}`;
  return (
    <div className="space-y-4">
      <AuditFilters values={query.values} problems={query.problems} people={users.map((user) => user.name)} />
      {page.events.length === 0 ? (
        <div data-testid="audit-empty">
          <EmptyState title="No events match">Widen the filters, or clear them.</EmptyState>
        </div>
      ) : (
        <AuditTable events={page.events} />
      )}
      <nav aria-label="Audit pages" className="flex items-center justify-between text-sm">
        <span>
          {page.newer && (
            <Link href={href({ after: page.newer })} className="btn btn-sm" data-testid="audit-newer">
              ← Newer
            </Link>
          )}
        </span>
        {(page.newer || query.cursor.before !== undefined || query.cursor.after !== undefined) && (
          <Link href={href({})} className="underline underline-offset-2">
            Newest
          </Link>
        )}
        <span>
          {page.older && (
            <Link href={href({ before: page.older })} className="btn btn-sm" data-testid="audit-older">
              Older →
            </Link>
          )}
        </span>
      </nav>
    </div>
  );
}

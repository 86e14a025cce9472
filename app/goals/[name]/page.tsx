// A goal's page: how it converges (chart), where it stands (status), what each iteration did, and
// what happened lately. Server-rendered; it re-renders live as the goal's events arrive.
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { CertificatePanel } from "@/components/goal/certificate-panel";
import { ConvergenceChart } from "@/components/goal/convergence-chart";
import { EventsList } from "@/components/goal/events-list";
import { GoalHeader } from "@/components/goal/goal-header";
import { GoalSkeleton } from "@/components/goal/goal-skeleton";
import { IterationTable } from "@/components/goal/iteration-table";
import { NotificationsList } from "@/components/goal/notifications-list";
import { SandboxWarning } from "@/components/goal/sandbox-warning";
import { StatusPanel } from "@/components/goal/status-panel";
import { LiveRefresh } from "@/components/live-refresh";
import { db } from "@/server/db/client";
import { goalExists } from "@/server/goals/goal-exists";
import { readGoalPage } from "@/server/goals/read-goal-page";
import type { PageCursor } from "@/server/goals/read-goal-iterations";
import { specTargets } from "@/server/loop/spec-targets";
import { roleAllows } from "@/server/auth/roles";
import type { Caller } from "@/server/auth/api-tokens";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

// The name is checked before anything streams, so an unknown goal answers 404; the reads run under the skeleton.
export default async function GoalPage({ params, searchParams }: Props) {
  const caller = await requireCaller();
  const name = (await params).name;
  if (!(await goalExists(db(), name))) notFound();
  return (
    <Suspense fallback={<GoalSkeleton />}>
      <GoalPageBody caller={caller} name={name} cursor={pageCursor(await searchParams)} />
    </Suspense>
  );
}

async function GoalPageBody({ caller, name, cursor }: { caller: Caller; name: string; cursor: PageCursor }) {
  const page = await readGoalPage(db(), name, cursor);
  if (!page) notFound();
  const { goal } = page;
  return (
    <>
      <LiveRefresh goal={name} />
      <GoalHeader goal={goal} desired={page.run.desired} canOperate={roleAllows(caller.role, "operate")} />
      {goal.spec.sandbox !== "bwrap" && <SandboxWarning name={name} canOperate={roleAllows(caller.role, "operate")} />}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="min-w-0 space-y-6 xl:col-span-2">
          <section className="panel p-4" aria-labelledby="chart-heading">
            <h2 id="chart-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              Convergence
            </h2>
            <ConvergenceChart goal={name} data={page.chart} />
          </section>
          <section className="panel" aria-labelledby="iterations-heading">
            <h2 id="iterations-heading" className="px-4 pb-1 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              Iterations
            </h2>
            <IterationTable
              name={name}
              page={page.iterations}
              targets={specTargets(goal.spec)}
              chart={page.chart}
              best={goal.status.bestIteration}
              now={page.readAt}
            />
          </section>
        </div>
        <div className="min-w-0 space-y-6">
          <StatusPanel page={page} />
          <CertificatePanel goal={name} certificates={page.certificates} now={page.readAt} />
          {((goal.spec.notify ?? []).length > 0 || page.notifications.length > 0) && (
            <section className="panel" aria-labelledby="notifications-heading">
              <h2 id="notifications-heading" className="px-4 pb-1 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
                Notifications
              </h2>
              <NotificationsList notifications={page.notifications} now={page.readAt} />
            </section>
          )}
          <section className="panel" aria-labelledby="events-heading">
            <h2 id="events-heading" className="px-4 pb-1 pt-4 text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              Recent events
            </h2>
            <EventsList events={page.events} now={page.readAt} />
          </section>
        </div>
      </div>
    </>
  );
}

// ?before=N pages to older iterations, ?after=N to newer; anything else shows the newest.
function pageCursor(query: Record<string, string | string[] | undefined>): PageCursor {
  const number = (value: string | string[] | undefined) => (typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : undefined);
  const before = number(query.before);
  return before !== undefined ? { before } : { after: number(query.after) };
}

// One iteration waiting at the gate: what it measured against the targets, what it changed, how
// long it has waited, and the decision itself.
import Link from "next/link";
import type { ReactNode } from "react";
import { TimeAgo } from "@/components/ui/time-ago";
import type { PendingApproval } from "@/server/approvals/list-pending";
import { ChangedFiles } from "./changed-files";
import { MetricChecks } from "./metric-checks";
import { PolicyLabel } from "./policy-label";

export function ApprovalItem({ item, gate, now }: { item: PendingApproval; gate: ReactNode; now: number }) {
  const goalHref = `/goals/${encodeURIComponent(item.goal)}`;
  const diffHref = `${goalHref}/iterations/${item.iteration}`;
  const headingId = `approval-${item.goal}-${item.iteration}`;
  return (
    <article className="panel overflow-hidden" data-testid="approval-item" data-goal={item.goal} data-iteration={item.iteration} aria-labelledby={headingId}>
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 bg-slate-50/60 px-4 py-2.5 dark:border-slate-800 dark:bg-slate-900/60">
        <h2 id={headingId} className="text-base font-semibold">
          <Link href={goalHref} className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-blue-600">
            {item.goal}
          </Link>
          <span className="font-normal text-slate-500 dark:text-slate-400"> · iteration {item.iteration}</span>
        </h2>
        <Verdict item={item} />
        <PolicyLabel policy={item.policy} />
        <span className="ml-auto text-sm text-slate-600 dark:text-slate-400" data-testid="approval-waiting">
          waiting{" "}
          <span className="font-medium tabular-nums text-slate-900 dark:text-slate-100">
            <TimeAgo at={item.waitingSince.toISOString()} suffix="" now={now} />
          </span>
        </span>
      </header>
      <div className="grid gap-x-6 gap-y-4 p-4 md:grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_18rem]">
        <section aria-label="Metrics against targets">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Metrics</h3>
          <MetricChecks checks={item.metrics} />
        </section>
        <section aria-label="Changed files">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Changed files <span className="font-normal tabular-nums">({item.changedFileCount})</span>
          </h3>
          <ChangedFiles files={item.changedFiles} count={item.changedFileCount} />
          <Link
            href={diffHref}
            className="mt-2 inline-block rounded text-sm font-medium text-blue-700 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-400"
            data-testid="approval-diff-link"
          >
            Review the diff →
          </Link>
        </section>
        <section aria-label="Decision" className="md:border-l md:border-slate-200 md:pl-6 md:dark:border-slate-800">
          {gate}
        </section>
      </div>
    </article>
  );
}

// The one-line summary a reviewer reads first.
function Verdict({ item }: { item: PendingApproval }) {
  const flags: { text: string; tone: string }[] = [];
  flags.push(
    item.allMet
      ? { text: "all targets met", tone: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" }
      : {
          text: `${item.metrics.filter((check) => !check.met).length} of ${item.metrics.length} targets not met`,
          tone: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300",
        },
  );
  if (!item.policyOk) flags.push({ text: "policy check failed", tone: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300" });
  if (item.regression) flags.push({ text: "regression", tone: "bg-orange-100 text-orange-900 dark:bg-orange-950 dark:text-orange-300" });
  return (
    <span className="flex flex-wrap gap-1.5">
      {flags.map((flag) => (
        <span key={flag.text} className={`rounded px-1.5 py-0.5 text-xs font-medium ${flag.tone}`}>
          {flag.text}
        </span>
      ))}
    </span>
  );
}

// Every iteration waiting for a person, oldest first, decided right here; refreshes live.
import type { Metadata } from "next";
import { ApprovalGate } from "@/components/approval/approval-gate";
import { ApprovalItem } from "@/components/approvals/approval-item";
import { PolicyHelp } from "@/components/approvals/policy-label";
import { LiveRefresh } from "@/components/live-refresh";
import { EmptyState } from "@/components/ui/empty-state";
import { listPendingApprovals } from "@/server/approvals/list-pending";
import { db } from "@/server/db/client";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requireCaller();
  const pending = await listPendingApprovals(db());
  const now = Date.now(); // the server's clock for the first paint, so ages are right before hydration
  return (
    <div className="mx-auto max-w-6xl">
      <LiveRefresh />
      <div className="mb-5 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 className="text-xl font-semibold">Approvals</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="approvals-summary">
          {pending.length === 0
            ? "No iteration is waiting."
            : `${pending.length} ${pending.length === 1 ? "iteration waits" : "iterations wait"} for a decision, oldest first. Their goals are parked until you decide.`}
        </p>
      </div>
      {pending.length === 0 ? (
        <div data-testid="approvals-empty">
          <EmptyState title="Nothing waits for you">
            <PolicyHelp />
          </EmptyState>
        </div>
      ) : (
        <ol className="space-y-4" data-testid="approval-list">
          {pending.map((item) => (
            <li key={`${item.goal}/${item.iteration}`}>
              <ApprovalItem item={item} now={now} gate={<ApprovalGate goal={item.goal} iteration={item.iteration} compact />} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

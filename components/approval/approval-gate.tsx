// The approval gate of one iteration: while it waits, who may decide it and why the signed-in person
// may not, and Approve / Reject for those who may; then who decided, when and why.
// A server component: it reads the gate's state itself, so the iteration page and /approvals share it.
import { TimeAgo } from "@/components/ui/time-ago";
import { db } from "@/server/db/client";
import { readGateAudience } from "@/server/approvals/read-gate-audience";
import { readCandidates } from "@/server/iterations/read-candidates";
import { readApproval, type ApprovalView } from "@/server/iterations/read-iteration";
import { roleAllows } from "@/server/auth/roles";
import { currentCaller } from "@/server/web/require-caller";
import { ApprovalForm, type CandidateChoice } from "./approval-form";
import { GateAudienceNote } from "./gate-audience-note";

export async function ApprovalGate({ goal, iteration, compact = false }: { goal: string; iteration: number; compact?: boolean }) {
  const [approval, caller] = await Promise.all([readApproval(db(), goal, iteration), currentCaller()]);
  if (!approval) return null;
  if (approval.state === "pending") {
    const audience = caller ? await readGateAudience(db(), goal, caller) : null;
    const mayDecide = audience !== null && audience.whyNot.length === 0;
    const choices = mayDecide && !compact ? await candidateChoices(goal, iteration) : [];
    return (
      <section
        data-testid="approval-gate"
        aria-label={`Approval of iteration ${iteration}`}
        className={compact ? "" : "rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-sm dark:border-amber-800 dark:bg-amber-950/40"}
      >
        <div data-testid="approval-state" data-state="pending" className={compact ? "sr-only" : "mb-3"}>
          <h2 className="font-semibold text-amber-950 dark:text-amber-100">{mayDecide ? "Waiting for your approval" : "Waiting for approval"}</h2>
          <p className="mt-0.5 text-sm text-amber-900/80 dark:text-amber-200/80">
            The loop is parked until someone decides. Approving keeps this change; rejecting discards it and your comment goes into the next prompt.
          </p>
        </div>
        {audience && caller && (
          <GateAudienceNote
            goal={goal}
            audience={audience}
            compact={compact}
            canOperate={roleAllows(caller.role, "operate")}
            isAdmin={roleAllows(caller.role, "admin")}
          />
        )}
        {mayDecide && <ApprovalForm goal={goal} iteration={iteration} compact={compact} choices={choices} />}
      </section>
    );
  }
  return <DecidedGate approval={approval} iteration={iteration} compact={compact} />;
}

// Best of N: the measured candidates a person may keep instead of the automatic best (none without candidates).
async function candidateChoices(goal: string, iteration: number): Promise<CandidateChoice[]> {
  const read = await readCandidates(db(), goal, iteration);
  return read.candidates
    .filter((candidate) => candidate.phase === "Evaluated")
    .map((candidate) => ({
      number: candidate.number,
      winner: candidate.winner,
      label: `${candidate.model ? `${candidate.executor} · ${candidate.model}` : candidate.executor} · ${candidate.targetsMet} of ${read.targets.length} targets met · ${candidate.changedLines} lines`,
    }));
}

function DecidedGate({ approval, iteration, compact }: { approval: ApprovalView; iteration: number; compact: boolean }) {
  const approved = approval.state === "approved";
  const tone = approved
    ? "border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-50"
    : "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-50";
  return (
    <section
      data-testid="approval-gate"
      aria-label={`Approval of iteration ${iteration}`}
      className={`rounded-lg border ${compact ? "px-3 py-2" : "p-4"} ${tone}`}
    >
      <p data-testid="approval-state" data-state={approval.state} className="text-sm">
        <span aria-hidden className="mr-1.5">
          {approved ? "✓" : "✕"}
        </span>
        <span className="font-semibold">{approved ? "Approved" : "Rejected"}</span>
        {approval.by && (
          <>
            {" "}
            by <span className="font-medium">{approval.by}</span>
          </>
        )}
        {approval.at && (
          <>
            {" "}
            · <TimeAgo at={approval.at} />
          </>
        )}
      </p>
      {approval.comment ? (
        <blockquote className="mt-2 border-l-2 border-current/30 pl-3 text-sm whitespace-pre-wrap opacity-90">{approval.comment}</blockquote>
      ) : (
        !compact && <p className="mt-1 text-sm opacity-70">No comment was given.</p>
      )}
    </section>
  );
}

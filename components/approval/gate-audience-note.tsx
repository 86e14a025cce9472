// Before anyone clicks: who may decide this gate, why the signed-in person may not, and how someone
// else comes to (approval.approvers on the edit page, or the approver role from an admin).
import Link from "next/link";
import type { ReactNode } from "react";
import type { GateAudience } from "@/server/approvals/gate-audience";

type Props = { goal: string; audience: GateAudience; canOperate: boolean; isAdmin: boolean; compact: boolean };

export function GateAudienceNote({ goal, audience, canOperate, isAdmin, compact }: Props) {
  const mayDecide = audience.whyNot.length === 0;
  const others = audience.deciders.length === 0 ? null : <Names names={audience.deciders} />;
  return (
    <div
      data-testid="approval-who"
      data-may-decide={mayDecide ? "true" : "false"}
      className={`space-y-1.5 text-sm ${compact ? "mb-2" : "mb-3"} text-amber-950 dark:text-amber-100`}
    >
      {!mayDecide && (
        <p data-testid="approval-why-not">
          <span className="font-semibold">You cannot decide this gate:</span> {audience.whyNot.map((why) => why.message).join("; ")}.
        </p>
      )}
      <p data-testid="approval-deciders">
        {others ? (
          <>
            <span className="font-semibold">{mayDecide ? "Who may decide:" : "Who can:"}</span> {others}.
          </>
        ) : (
          <span className="font-semibold">Nobody can decide it yet.</span>
        )}{" "}
        <span className="text-amber-900/80 dark:text-amber-200/80">{rule(audience)}</span>
      </p>
      {(!mayDecide || audience.deciders.length === 0) && (
        <p data-testid="approval-how-to-add" className="text-amber-900/80 dark:text-amber-200/80">
          {howToAdd(goal, audience, canOperate, isAdmin)}
        </p>
      )}
    </div>
  );
}

function Names({ names }: { names: string[] }) {
  return (
    <>
      {names.map((name, index) => (
        <span key={name}>
          {index > 0 && ", "}
          <span className="font-medium">{name}</span>
        </span>
      ))}
    </>
  );
}

// The rule behind the list, in a sentence.
function rule(audience: GateAudience): string {
  const parts = [
    audience.approvers.length > 0
      ? `Only the people in approval.approvers (${audience.approvers.join(", ")}) with the approver or admin role`
      : "Anyone with the approver or admin role",
  ];
  if (audience.authors.length > 0) parts.push(`except ${audience.authors.join(" and ")}, who created or last edited it (four-eyes)`);
  const problems: string[] = [];
  if (audience.unknownApprovers.length)
    problems.push(`${audience.unknownApprovers.join(", ")} in approval.approvers ${audience.unknownApprovers.length === 1 ? "is" : "are"} nobody's name`);
  if (audience.approversWithoutRole.length)
    problems.push(`${audience.approversWithoutRole.join(", ")} ${audience.approversWithoutRole.length === 1 ? "lacks" : "lack"} the approver role`);
  return `${parts.join(", ")}.${problems.length ? ` ${problems.join("; ")}.` : ""}`;
}

function howToAdd(goal: string, audience: GateAudience, canOperate: boolean, isAdmin: boolean): ReactNode {
  const edit = `/goals/${encodeURIComponent(goal)}/edit#section-approval`;
  const editLink = (text: string) =>
    canOperate ? (
      <Link href={edit} className="font-medium underline underline-offset-2">
        {text}
      </Link>
    ) : (
      <>{text} (an operator can)</>
    );
  const role = isAdmin ? (
    <Link href="/settings/users" className="font-medium underline underline-offset-2">
      give them the approver role
    </Link>
  ) : (
    <>ask an admin for the approver role</>
  );
  const alone = audience.whyNot.length === 1 && audience.whyNot[0].rule === "four-eyes" && audience.deciders.length === 0;
  return (
    <>
      To let someone decide:{" "}
      {audience.approvers.length > 0 ? (
        <>
          {editLink("add their name to approval.approvers")}; they also need the approver or admin role ({role}).
        </>
      ) : (
        <>{role}.</>
      )}
      {alone && <> Working alone? {editLink("turn four-eyes off for this goal")} (approval.fourEyes: false).</>}
    </>
  );
}

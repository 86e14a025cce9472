// Who may decide a goal's gates: spec.approval.approvers (when listed) and four eyes (whoever created
// or last edited the goal may not approve their own change). Pure, so the API and tests share it.
import type { GoalSpec } from "../spec/goal-spec";

type Approval = Partial<Pick<GoalSpec["approval"], "fourEyes" | "approvers">> | undefined;
type Authors = { createdBy: string | null; updatedBy: string | null };

// The refusal in words, or null when `actor` may decide.
export function refusalToDecide(approval: Approval, goal: Authors, actor: string): string | null {
  const approvers = approval?.approvers ?? [];
  if (approvers.length > 0 && !approvers.includes(actor)) return `only ${approvers.join(", ")} may decide this goal's gates`;
  // Specs stored before the field existed get the schema's default: on.
  if (approval?.fourEyes !== false) {
    const author = [goal.createdBy, goal.updatedBy].find((name) => name === actor);
    if (author) return `four-eyes: ${author} created or last edited this goal, so another person must decide`;
  }
  return null;
}

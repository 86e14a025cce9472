// Who may decide a goal's gates: spec.approval.approvers (when listed) and four eyes (whoever created
// or last edited the goal may not approve their own change). Pure, so the API, the gate and tests share it.
import type { GoalSpec } from "../spec/goal-spec";

// As the schema gives it (parsedSpec), its defaults filled in.
export type Approval = Pick<GoalSpec["approval"], "fourEyes" | "approvers">;
export type Authors = { createdBy: string | null; updatedBy: string | null };
export type Refusal = { rule: "approvers" | "four-eyes"; message: string };

// Every rule that keeps `actor` from deciding, in the order the API checks them.
export function refusalsToDecide(approval: Approval, goal: Authors, actor: string): Refusal[] {
  const refusals: Refusal[] = [];
  const approvers = approval.approvers;
  if (approvers.length > 0 && !approvers.includes(actor))
    refusals.push({ rule: "approvers", message: `only ${approvers.join(", ")} may decide this goal's gates` });
  const author = fourEyesAuthors(approval, goal).find((name) => name === actor);
  if (author) refusals.push({ rule: "four-eyes", message: `four-eyes: ${author} created or last edited this goal, so another person must decide` });
  return refusals;
}

// The refusal in words, or null when `actor` may decide.
export function refusalToDecide(approval: Approval, goal: Authors, actor: string): string | null {
  return refusalsToDecide(approval, goal, actor)[0]?.message ?? null;
}

// Who four eyes keeps out: the goal's creator and last editor, unless approval.fourEyes is off.
export function fourEyesAuthors(approval: Approval, goal: Authors): string[] {
  if (!approval.fourEyes) return [];
  return [...new Set([goal.createdBy, goal.updatedBy].filter((name): name is string => name !== null))];
}

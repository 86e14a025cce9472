// What an approval gate says before anyone clicks: who may decide it, why the signed-in person may not,
// and how someone else comes to. Pure: the same rules the API enforces (roles.ts, may-decide.ts).
import { refusalMessage, roleAllows } from "../auth/roles";
import { fourEyesAuthors, refusalsToDecide, type Approval, type Authors } from "./may-decide";

export type Person = { name: string; role: string };

export type WhyNot = { rule: "role" | "approvers" | "four-eyes"; message: string };

export type GateAudience = {
  // The people (users) who may decide it now, by name.
  deciders: string[];
  // approval.approvers, when it lists anyone; names in it that are nobody's, and people in it whose role cannot decide.
  approvers: string[];
  unknownApprovers: string[];
  approversWithoutRole: string[];
  // Kept out by four eyes.
  authors: string[];
  // Empty when the caller may decide.
  whyNot: WhyNot[];
};

export function gateAudience(approval: Approval, goal: Authors, people: readonly Person[], caller: Person): GateAudience {
  const approvers = approval.approvers;
  const byName = new Map(people.map((person) => [person.name, person]));
  const deciders = people
    .filter((person) => roleAllows(person.role, "approve") && refusalsToDecide(approval, goal, person.name).length === 0)
    .map((person) => person.name)
    .sort();
  const whyNot: WhyNot[] = [];
  if (!roleAllows(caller.role, "approve")) whyNot.push({ rule: "role", message: refusalMessage(caller.role, "approve") });
  for (const refusal of refusalsToDecide(approval, goal, caller.name)) {
    whyNot.push(
      refusal.rule === "four-eyes"
        ? { rule: "four-eyes", message: `you created or last edited this goal, and four-eyes asks another person to decide` }
        : { rule: "approvers", message: `you are not in approval.approvers (${approvers.join(", ")})` },
    );
  }
  return {
    deciders,
    approvers,
    unknownApprovers: approvers.filter((name) => !byName.has(name)),
    approversWithoutRole: approvers.filter((name) => byName.has(name) && !roleAllows(byName.get(name)!.role, "approve")),
    authors: fourEyesAuthors(approval, goal),
    whyNot,
  };
}

// What a gate says before anyone clicks: who may decide, why the signed-in person may not, and the
// approvers or roles that are wrong, from the same rules the API enforces.
import assert from "node:assert/strict";
import { test } from "node:test";
import { gateAudience, type Person } from "../../server/approvals/gate-audience";
import { refusalToDecide } from "../../server/approvals/may-decide";

const people: Person[] = [
  { name: "ann", role: "admin" },
  { name: "ben", role: "approver" },
  { name: "cal", role: "approver" },
  { name: "dot", role: "operator" },
  { name: "vic", role: "viewer" },
];
const authors = { createdBy: "ann", updatedBy: "ann" };

test("four eyes: the author is told it was they who created or edited it, and who else may decide", () => {
  const audience = gateAudience({ fourEyes: true, approvers: [] }, authors, people, people[0]);
  assert.deepEqual(audience.deciders, ["ben", "cal"]);
  assert.deepEqual(audience.authors, ["ann"]);
  assert.deepEqual(audience.whyNot, [{ rule: "four-eyes", message: "you created or last edited this goal, and four-eyes asks another person to decide" }]);
  assert.deepEqual(gateAudience({ fourEyes: true, approvers: [] }, authors, people, people[1]).whyNot, []);
});

test("a role that cannot decide says so, with the roles that can", () => {
  const audience = gateAudience({ fourEyes: true, approvers: [] }, authors, people, people[3]);
  assert.deepEqual(
    audience.whyNot.map((why) => why.rule),
    ["role"],
  );
  assert.match(audience.whyNot[0].message, /your role 'operator' may not decide approval gates: that needs the approver or admin role/);
});

test("approvers narrow who may decide; a listed name that is nobody, or lacks the role, is pointed out", () => {
  const audience = gateAudience({ fourEyes: true, approvers: ["cal", "dot", "zoe"] }, authors, people, people[1]);
  assert.deepEqual(audience.deciders, ["cal"]);
  assert.deepEqual(audience.unknownApprovers, ["zoe"]);
  assert.deepEqual(audience.approversWithoutRole, ["dot"]);
  assert.deepEqual(audience.whyNot, [{ rule: "approvers", message: "you are not in approval.approvers (cal, dot, zoe)" }]);
});

test("every reason is given at once: a viewer, not listed, who also wrote the goal", () => {
  const audience = gateAudience({ fourEyes: true, approvers: ["ben"] }, { createdBy: "vic", updatedBy: "ann" }, people, people[4]);
  assert.deepEqual(
    audience.whyNot.map((why) => why.rule),
    ["role", "approvers", "four-eyes"],
  );
  assert.deepEqual(audience.authors, ["vic", "ann"]);
});

test("with four-eyes off and nobody else, the author alone may decide", () => {
  const audience = gateAudience({ fourEyes: false, approvers: [] }, authors, [people[0]], people[0]);
  assert.deepEqual([audience.deciders, audience.whyNot, audience.authors], [["ann"], [], []]);
});

test("the gate and the API agree: whoever the gate lists may decide, and everyone else is refused", () => {
  const cases = [
    { approval: { fourEyes: true, approvers: [] }, goal: authors },
    { approval: { fourEyes: true, approvers: ["ben", "ann"] }, goal: { createdBy: "dot", updatedBy: "ben" } },
    { approval: { fourEyes: false, approvers: ["cal"] }, goal: authors },
    { approval: { fourEyes: true, approvers: [] }, goal: { createdBy: null, updatedBy: null } },
  ];
  for (const { approval, goal } of cases) {
    const listed = gateAudience(approval, goal, people, people[0]).deciders;
    for (const person of people) {
      const api = (person.role === "admin" || person.role === "approver") && refusalToDecide(approval, goal, person.name) === null;
      assert.equal(listed.includes(person.name), api, `${person.name} with ${JSON.stringify(approval)}`);
      assert.equal(gateAudience(approval, goal, people, person).whyNot.length === 0, api, `${person.name} told ${JSON.stringify(approval)}`);
    }
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { validateManifest } from "../../server/goals/apply-goal";
import { API_VERSION, goalSpecSchema } from "../../server/spec/goal-spec";
import { findDrift, describeDrift } from "../../server/resync/find-drift";
import { nextResyncAt, nextResyncFor, scheduleProblem } from "../../server/resync/resync-schedule";

function spec(schedule?: string) {
  return {
    intent: "keep the tests green",
    workspace: { repo: "/tmp/repo" },
    agent: { executor: "demo" },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.ok", target: "== 1" },
      { metric: "review.score", target: ">= 8" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test", parse: "tap" },
        { name: "lint", run: "npm run lint" },
        { name: "review", agent: { executor: "codex" } },
      ],
    },
    triggers: schedule === undefined ? {} : { schedule },
  };
}

test("the next resync is the schedule's first time strictly after now, in UTC", () => {
  assert.equal(nextResyncAt("0 * * * *", new Date("2026-12-02T01:20:30Z")).toISOString(), "2026-12-02T02:00:00.000Z");
  assert.equal(
    nextResyncAt("0 * * * *", new Date("2026-12-02T02:00:00Z")).toISOString(),
    "2026-12-02T03:00:00.000Z",
    "a resync that ends on the hour waits for the next one",
  );
  assert.equal(nextResyncAt("* * * * *", new Date("2026-12-02T01:20:59.999Z")).toISOString(), "2026-12-02T01:21:00.000Z");
  assert.equal(nextResyncAt("30 6 * * 1", new Date("2026-12-02T01:00:00Z")).toISOString(), "2026-12-07T06:30:00.000Z", "Mondays at 06:30 UTC");
  assert.equal(nextResyncAt("0 0 1 1 *", new Date("2026-12-02T00:00:00Z")).toISOString(), "2027-01-01T00:00:00.000Z");
  assert.equal(nextResyncFor(goalSpecSchema.parse(spec()), new Date()), null, "no schedule, no resync");
  assert.equal(nextResyncFor({}, new Date()), null, "a spec stored before triggers existed");
});

test("a schedule must be a 5-field cron expression: seconds, macros and bad fields are refused with the field named", () => {
  assert.equal(scheduleProblem("*/15 * * * *"), null);
  assert.equal(scheduleProblem(" 0  9 * * 1-5 "), null);
  for (const [text, why] of [
    ["* * * * * *", /found 6 fields/],
    ["@hourly", /found 1 field$/],
    ["* * * *", /found 4 fields/],
    ["61 * * * *", /expected range 0-59/],
    ["0 0 31 2 *", /day of month/],
    ["hourly * * * *", /Invalid characters/],
  ] as const) {
    const parsed = goalSpecSchema.safeParse(spec(text));
    assert.equal(parsed.success, false, `${text} is refused`);
    const issue = parsed.error!.issues.find((each) => each.path.join(".") === "triggers.schedule");
    assert.ok(issue, `${text}: the issue names triggers.schedule (${JSON.stringify(parsed.error!.issues)})`);
    assert.match(issue.message, /^must be a cron expression of 5 fields, e\.g\. '0 \* \* \* \*'/);
    assert.match(issue.message, why);
  }
  assert.ok(goalSpecSchema.safeParse(spec("0 * * * *")).success);
  // What apply, the API and the CLI say: a 400 naming the field.
  assert.throws(
    () => validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name: "g" }, spec: spec("* * * * * *") }),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, "BAD_REQUEST");
      assert.match(error.message, /spec\.triggers\.schedule: must be a cron expression of 5 fields, e\.g\. '0 \* \* \* \*'; found 6 fields/);
      return true;
    },
  );
});

test("drift is a run layer's target that no longer holds; reviewers and policies are not re-measured", () => {
  const parsed = goalSpecSchema.parse(spec("0 * * * *"));
  assert.deepEqual(findDrift(parsed, { "tests.pass_ratio": 1, "lint.ok": 1 }), [], "review.score is not measured by a resync and is not drift");
  const drift = findDrift(parsed, { "tests.pass_ratio": 0.75 });
  assert.deepEqual(
    drift.map((each) => each.metric),
    ["tests.pass_ratio", "lint.ok"],
  );
  assert.equal(describeDrift(drift), "tests.pass_ratio measured 0.75, target >= 1; lint.ok not measured, target == 1");
});

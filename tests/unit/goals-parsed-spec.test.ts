import { test } from "node:test";
import assert from "node:assert/strict";
import { parsedSpec, parsedSpecOrNull } from "../../server/goals/parsed-spec";

// A spec as stored before approval, triggers and notify were part of the schema.
const stored = {
  intent: "make every test pass",
  workspace: { repo: "/tmp/repo" },
  agent: { executor: "demo" },
  metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
  evaluation: { layers: [{ name: "tests", run: "npm test", parse: "tap" }] },
};

test("a spec stored before a field existed reads with the schema's default for it", () => {
  const spec = parsedSpec({ id: "old-goal", generation: 1, spec: stored });
  assert.deepEqual(spec.approval, { policy: "never", fourEyes: true, approvers: [], onTimeout: "reject" });
  assert.equal(spec.triggers.webhook, false);
  assert.deepEqual(spec.notify, []);
});

test("the stored spec is parsed once per goal and generation, and a new generation is read afresh", () => {
  const first = parsedSpec({ id: "memo-goal", generation: 1, spec: stored });
  assert.equal(parsedSpec({ id: "memo-goal", generation: 1, spec: stored }), first, "the same generation is the same object");
  const changed = parsedSpec({ id: "memo-goal", generation: 2, spec: { ...stored, intent: "make it fast" } });
  assert.equal(changed.intent, "make it fast");
  assert.notEqual(parsedSpec({ id: "other-goal", generation: 1, spec: stored }), first, "another goal's spec is its own");
  assert.throws(
    () => {
      (first as { intent: string }).intent = "edited in place";
    },
    TypeError,
    "shared between readers, so it cannot be changed in place",
  );
});

test("a stored spec the schema refuses says which field is wrong", () => {
  const refused = { id: "bad-goal", generation: 1, spec: { ...stored, metrics: [{ metric: "tests.pass_ratio", target: "about 1" }] } };
  assert.throws(() => parsedSpec(refused), /target/);
  assert.equal(parsedSpecOrNull(refused), null, "where a failure is being recorded, it reads as no spec rather than a second failure");
});

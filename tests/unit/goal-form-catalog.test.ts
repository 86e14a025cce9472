// Every key of the goal schema, found by walking the zod schema, has a place in the form's catalog: a
// control, or an explicit "YAML only" with the reason. A key added to the schema fails here until
// someone gives it one; a catalog line for a key the schema lost fails too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CONTROLS, FIELD_CATALOG } from "../../components/goal-form/field-catalog";
import { fieldName, placeIssue } from "../../components/goal-form/issue-paths";
import { unwrapSchema } from "../../server/spec/known-fields";
import { goalManifestKeys } from "../../server/spec/schema-keys";

const KEYS = goalManifestKeys();
// An object's own keys are catalogued; the object itself (spec.workspace, a layer's agent) is a holder.
const FIELDS = KEYS.filter((key) => (unwrapSchema(key.schema)._zod.def as { type: string }).type !== "object").map((key) => key.path);

test("every key of the goal schema has a form control or an explicit 'YAML only' in the catalog", () => {
  const missing = FIELDS.filter((path) => !(path in FIELD_CATALOG));
  assert.deepEqual(missing, [], "give each a control in components/goal-form (and a catalog line), or mark it { yamlOnly: why }");
});

test("the catalog names no key the schema does not have", () => {
  const unknown = Object.keys(FIELD_CATALOG).filter((path) => !FIELDS.includes(path));
  assert.deepEqual(unknown, []);
});

test("an issue at any control lands on that control, and the summary names it in words", () => {
  for (const control of CONTROLS) {
    const concrete = control.replace(/\[\]/g, ".1");
    assert.equal(placeIssue(concrete), concrete, control);
    assert.doesNotMatch(fieldName(concrete, concrete), /\./, `${control} is named in words`);
  }
  assert.equal(placeIssue("spec.approval.approvers[2]"), "spec.approval.approvers");
  assert.equal(placeIssue("spec.notify[0]"), "spec.notify.0.url");
  assert.equal(placeIssue("spec.triggers"), "spec.triggers.schedule");
  assert.equal(fieldName("spec.notify.1.events", "spec.notify[1].events"), "Notification 2 · events");
  assert.equal(fieldName("spec.approval.fourEyes", "spec.approval.fourEyes"), "Four eyes");
  assert.equal(placeIssue("spec.stpo"), null, "an unknown top-level key is shown in the summary only");
});

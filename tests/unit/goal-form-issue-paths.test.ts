import assert from "node:assert/strict";
import { test } from "node:test";
import { fieldId, fieldName, messageAtField, normalizeIssuePath, placeIssue } from "../../components/goal-form/issue-paths";
import { emptyLayer } from "../../components/goal-form/form-values";
import { suggestMetrics } from "../../components/goal-form/metric-suggestions";

test("spec-error paths and tRPC paths name the same field", () => {
  assert.equal(normalizeIssuePath("spec.metrics[0].target"), "spec.metrics.0.target");
  assert.equal(normalizeIssuePath("spec.metrics.0.target"), "spec.metrics.0.target");
  assert.equal(normalizeIssuePath('metadata.labels["bad key!"]'), "metadata.labels.bad key!");
  assert.equal(placeIssue("spec.metrics[0].target"), placeIssue("spec.metrics.0.target"));
});

test("each issue lands on the field that edits it, or the nearest one holding it", () => {
  const cases: [string, string | null][] = [
    ["metadata.name", "metadata.name"],
    ['metadata.labels["bad key!"]', "metadata.labels"],
    ["spec.intent", "spec.intent"],
    ["spec.workspace", "spec.workspace.repo"],
    ["spec.agent.command", "spec.agent.command"],
    ["spec.agent.env.1A", "spec.agent.env"],
    ["spec.agent.args[2]", "spec.agent.args"],
    ["spec.agent.temperature", "spec.agent.executor"],
    ["spec.metrics", "spec.metrics"],
    ["spec.metrics[1]", "spec.metrics.1.metric"],
    ["spec.evaluation.layers[2]", "spec.evaluation.layers.2.name"],
    ["spec.evaluation.layers[0].fields.p95", "spec.evaluation.layers.0.fields"],
    ["spec.evaluation.layers[3].policy.forbidPaths[1]", "spec.evaluation.layers.3.policy.forbidPaths"],
    ["spec.evaluation.layers[4].agent.executor", "spec.evaluation.layers.4.agent.executor"],
    ["spec.evaluation", "spec.evaluation.layers"],
    ["spec.stop.maxIterations", "spec.stop.maxIterations"],
    ["spec.approval", "spec.approval.policy"],
    ["apiVersion", null],
  ];
  for (const [issue, field] of cases) assert.equal(placeIssue(issue), field, issue);
});

test("the summary names fields the way the form labels them", () => {
  assert.equal(fieldName("spec.workspace.repo", "spec.workspace.repo"), "Repository");
  assert.equal(fieldName("spec.metrics.1.target", "spec.metrics[1].target"), "Target metric 2 · target");
  assert.equal(fieldName("spec.evaluation.layers.4.agent.executor", "x"), "Layer 5 reviewer · executor");
  assert.equal(fieldName(null, "apiVersion"), "apiVersion");
});

test("a message shown at a holding field says which part it concerns, and record keys are explained", () => {
  assert.equal(
    messageAtField("spec.agent.env", { path: 'spec.agent.env["1A"]', message: "is not an allowed key: must be an environment variable name" }),
    "'1A': is not an allowed key: must be an environment variable name",
  );
  assert.equal(messageAtField("spec.agent.args", { path: "spec.agent.args[1]", message: "must be a string" }), "line 2: must be a string");
  assert.equal(
    messageAtField("spec.intent", { path: "spec.intent", message: "must say what the agent should achieve" }),
    "must say what the agent should achieve",
  );
});

test("field ids are valid, distinct DOM ids", () => {
  assert.equal(fieldId("spec.metrics.0.target"), "field-spec-metrics-0-target");
  assert.notEqual(fieldId("spec.metrics.1.target"), fieldId("spec.metrics.10.target"));
});

test("metric suggestions follow each layer's parser", () => {
  const tests = { ...emptyLayer("run"), name: "tests", parse: "tap" };
  const coverage = { ...emptyLayer("run"), name: "coverage", parse: "regex", pattern: "(?<lines>[\\d.]+)% (?<branches>[\\d.]+)%" };
  const guard = { ...emptyLayer("policy"), name: "guard" };
  assert.deepEqual(suggestMetrics([tests, coverage, guard, emptyLayer("run")]), [
    "tests.pass_ratio",
    "tests.passed",
    "tests.failed",
    "tests.total",
    "coverage.lines",
    "coverage.branches",
    "guard.ok",
    "guard.changed_lines",
    "guard.violations",
  ]);
});

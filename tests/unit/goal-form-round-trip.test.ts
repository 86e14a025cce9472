import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { checkManifest } from "../../components/goal-form/check-manifest";
import { formToManifest, number } from "../../components/goal-form/form-to-manifest";
import { emptyFormValues, type FormValues } from "../../components/goal-form/form-values";
import { manifestToForm } from "../../components/goal-form/manifest-to-form";
import { readYamlManifest } from "../../components/goal-form/yaml-manifest";
import { goalManifestSchema } from "../../server/spec/goal-spec";
import { manifestToYaml } from "../../server/spec/manifest-to-yaml";

// Every field of the spec set to something other than its default.
const FULL = {
  apiVersion: "setpoint.dev/v1",
  kind: "Goal",
  metadata: { name: "full-spec", labels: { team: "core", "app.kubernetes.io/part-of": "shop" } },
  spec: {
    intent: "Make the checkout tests pass.\nDo not touch the payment adapters.",
    workspace: { repo: "https://github.com/acme/shop.git", ref: "release/2.1", setup: "npm ci && npm run build", push: true },
    agent: {
      executor: "claude-code",
      model: "claude-sonnet-4-5",
      args: ["--verbose", "--max-turns", "30"],
      timeoutSeconds: 900,
      env: { NODE_ENV: "test", FEATURE_X: "on" },
    },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "coverage.lines", target: "> 80.5" },
      { metric: "guard.violations", target: "== 0" },
      { metric: "bench.p95", target: "<= baseline * 1.05" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test -- --reporter tap", parse: "tap", timeoutSeconds: 120 },
        { name: "coverage", run: "npm run coverage", parse: "regex", pattern: "Lines\\s*:\\s*(?<lines>[\\d.]+)%", timeoutSeconds: 200 },
        { name: "bench", run: "node bench.js", parse: "json", fields: { p95: "latency.p95", rps: "throughput" } },
        { name: "guard", policy: { forbidPaths: ["test/**", "src/payments/**"], allowPaths: ["src/**"], maxChangedLines: 400 } },
        { name: "review", agent: { executor: "codex", model: "gpt-5-codex", args: ["--full-auto"], timeoutSeconds: 300, env: { REVIEW: "strict" } } },
        { name: "custom", agent: { executor: "command", command: "./review.sh", timeoutSeconds: 60 } },
      ],
    },
    stop: { maxIterations: 25, maxDurationMinutes: 90, maxCostUsd: 12.5, stallIterations: 5, onRegression: "keep" },
    retry: { maxAgentFailures: 2, backoffSeconds: 30 },
    approval: { policy: "every-iteration" },
  },
};

function withoutIds(values: FormValues): unknown {
  return JSON.parse(JSON.stringify(values, (key, value) => (key === "id" ? undefined : value)));
}

test("a full spec survives form → YAML → form unchanged", () => {
  assert.deepEqual(checkManifest(FULL), [], "the fixture is a valid goal");
  const form = manifestToForm(FULL);
  const yaml = manifestToYaml(formToManifest(form));
  const reading = readYamlManifest(yaml);
  assert.deepEqual(reading.errors, []);
  assert.deepEqual(withoutIds(manifestToForm(reading.manifest)), withoutIds(form));
  assert.deepEqual(formToManifest(manifestToForm(reading.manifest)), FULL, "and the manifest is the one written");
});

test("the YAML tab shows the manifest a person would write, and it parses to the same goal", () => {
  const yaml = manifestToYaml(formToManifest(manifestToForm(FULL)));
  assert.match(yaml, /^apiVersion: setpoint\.dev\/v1\nkind: Goal\nmetadata:\n {2}name: full-spec\n/);
  assert.match(yaml, /target: ">= 1"/);
  assert.deepEqual(parse(yaml), FULL);
});

test("a stored spec, with the schema's defaults filled in, reads into the form and back to the same spec", () => {
  const stored = goalManifestSchema.parse(FULL);
  const again = goalManifestSchema.parse(formToManifest(manifestToForm(stored)));
  assert.deepEqual(again, stored);
});

test("an empty form leaves defaults out and says what is missing in words", () => {
  const manifest = formToManifest(emptyFormValues()) as { spec: Record<string, unknown> };
  assert.equal(manifest.spec.stop, undefined, "stop conditions take the schema's defaults");
  assert.equal(manifest.spec.retry, undefined);
  assert.equal(manifest.spec.approval, undefined);
  const paths = checkManifest(manifest).map((issue) => issue.path);
  for (const expected of [
    "metadata.name",
    "spec.intent",
    "spec.workspace.repo",
    "spec.agent.executor",
    "spec.metrics[0].metric",
    "spec.evaluation.layers[0].name",
    "spec.evaluation.layers[0].run",
  ]) {
    assert.ok(paths.includes(expected), `${expected} in ${paths.join(", ")}`);
  }
  const intent = checkManifest(manifest).find((issue) => issue.path === "spec.intent");
  assert.equal(intent?.message, "must say what the agent should achieve");
});

test("defaults written explicitly in YAML read back as the empty choice in the form, and are saved as written", () => {
  const explicit = structuredClone(FULL) as typeof FULL & { spec: { stop: { onRegression: string }; approval: { policy: string } } };
  explicit.spec.stop.onRegression = "revert";
  explicit.spec.approval.policy = "never";
  const layers = explicit.spec.evaluation.layers as Record<string, unknown>[];
  layers[0] = { name: "tests", run: "npm test", parse: "exit-code" };
  const form = manifestToForm(explicit);
  assert.equal(form.stop.onRegression, "");
  assert.equal(form.approval.policy, "");
  assert.equal(form.layers[0].parse, "");
  // Nothing written is dropped: an untouched default stays as the person wrote it.
  assert.deepEqual(formToManifest(form), explicit);
});

test("choosing a default in the form leaves its key out, which the schema reads as that default", () => {
  const form = manifestToForm(FULL);
  assert.equal(form.stop.onRegression, "keep");
  form.stop.onRegression = "";
  form.approval.policy = "";
  const manifest = formToManifest(form) as { spec: { stop: Record<string, unknown>; approval?: unknown } };
  assert.equal("onRegression" in manifest.spec.stop, false);
  assert.equal(manifest.spec.approval, undefined);
  const back = goalManifestSchema.parse(manifest);
  assert.equal(back.spec.stop.onRegression, "revert");
  assert.equal(back.spec.approval.policy, "never");
});

test("a number typed with letters is kept as typed and named by the schema, never dropped", () => {
  const form = manifestToForm(FULL);
  form.stop.maxIterations = "12a";
  const manifest = formToManifest(form) as { spec: { stop: { maxIterations: unknown } } };
  assert.equal(manifest.spec.stop.maxIterations, "12a");
  const issue = checkManifest(manifest).find((found) => found.path === "spec.stop.maxIterations");
  assert.equal(issue?.message, 'must be a number, found text "12a"');
  assert.equal(number(" 7 "), 7);
  assert.equal(number("0.25"), 0.25);
  assert.equal(number(""), undefined);
});

test("a target metric's operator and number (or relative bound) make the target text, and an empty or malformed one is reported at the target", () => {
  const form = manifestToForm(FULL);
  assert.deepEqual(
    form.metrics.map(({ metric, op, value }) => [metric, op, value]),
    [
      ["tests.pass_ratio", ">=", "1"],
      ["coverage.lines", ">", "80.5"],
      ["guard.violations", "==", "0"],
      ["bench.p95", "<=", "baseline * 1.05"],
    ],
  );
  form.metrics[1].value = "";
  form.metrics[3].value = "baseline times 1.05";
  const issues = checkManifest(formToManifest(form));
  assert.deepEqual(
    issues.map((issue) => issue.path),
    ["spec.metrics[1].target", "spec.metrics[3].target"],
  );
  assert.match(issues[1].message, /baseline\|best/);
});

test("switching a layer's kind keeps what was typed for the other kind", () => {
  const form = manifestToForm(FULL);
  form.layers[0].kind = "policy";
  form.layers[0].kind = "run";
  assert.deepEqual(formToManifest(form), FULL);
  form.layers[0].kind = "policy";
  const layer = (formToManifest(form) as { spec: { evaluation: { layers: unknown[] } } }).spec.evaluation.layers[0];
  assert.deepEqual(layer, { name: "tests", policy: {} });
});

test("a YAML syntax error is reported with its line", () => {
  const yaml = manifestToYaml(FULL).replace("kind: Goal", "kind: [Goal");
  const reading = readYamlManifest(yaml);
  assert.equal(reading.manifest, null);
  assert.ok(reading.errors.length > 0);
  assert.ok(
    reading.errors.every((error) => error.line !== null && error.line > 0),
    JSON.stringify(reading.errors),
  );
});

test("a schema error in the YAML names the field and the line it is on", () => {
  const yaml = manifestToYaml(FULL).replace('target: "> 80.5"', 'target: "about 80"');
  const line = yaml.split("\n").findIndex((text) => text.includes("about 80")) + 1;
  const reading = readYamlManifest(yaml);
  assert.deepEqual(
    reading.errors.map(({ path, line: at }) => [path, at]),
    [["spec.metrics[1].target", line]],
  );
  assert.match(reading.errors[0].message, /must be '<op> <number>'/);
});

test("YAML with two goals is refused: the form edits one", () => {
  const second = manifestToYaml({ ...FULL, metadata: { name: "other" } });
  const reading = readYamlManifest(`${manifestToYaml(FULL)}---\n${second}`);
  assert.equal(reading.manifest, null);
  assert.match(reading.errors[0].message, /holds 2 goals/);
});

test("the demo example fills a valid form that uses the scripted demo agent", () => {
  const example = parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../examples/calculator-goal.yaml"), "utf8"));
  const form = manifestToForm(example);
  assert.equal(form.agent.executor, "demo");
  assert.deepEqual(checkManifest(formToManifest(form)), []);
  assert.deepEqual(goalManifestSchema.parse(formToManifest(form)), goalManifestSchema.parse(example));
});

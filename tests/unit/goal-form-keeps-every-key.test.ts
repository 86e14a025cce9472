// The form never drops a key: every key of the goal schema, found by walking the zod schema (so a field
// added later is covered without editing this test), survives load → edit another field → save, through
// the form's model and through the YAML tab, and so do keys the form has never heard of.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { checkManifest } from "../../components/goal-form/check-manifest";
import { formToManifest } from "../../components/goal-form/form-to-manifest";
import { manifestToForm } from "../../components/goal-form/manifest-to-form";
import { readYamlManifest } from "../../components/goal-form/yaml-manifest";
import { goalManifestSchema } from "../../server/spec/goal-spec";
import { manifestToYaml } from "../../server/spec/manifest-to-yaml";
import { goalManifestKeys } from "../../server/spec/schema-keys";
import { fillKey, valuesAt } from "../helpers/schema-sample";

const KEYS = goalManifestKeys();

// Every key set to something other than its default; keys the schema gains later get a made-up value.
const WRITTEN: Record<string, unknown> = {
  apiVersion: "setpoint.dev/v1",
  kind: "Goal",
  metadata: { name: "every-key", labels: { team: "core" } },
  spec: {
    intent: "Make the checkout tests pass.",
    workspace: {
      repo: "https://github.com/acme/shop.git",
      ref: "release/2.1",
      setup: "npm ci",
      push: true,
      pullRequest: {
        base: "release/2.1",
        draft: true,
        title: "Fix checkout",
        repository: "acme/shop-mirror",
        tokenSecret: "SHOP_TOKEN",
        apiUrl: "https://ghe.example.com/api/v3",
      },
    },
    agent: { executor: "command", command: "./agent.sh", model: "m-1", args: ["--fast"], timeoutSeconds: 900, env: { MODE: "ci" } },
    strategy: {
      candidates: 3,
      executors: ["command", { executor: "claude-code", model: "sonnet", baseUrl: "https://gateway.example.com", command: "/opt/claude", args: ["--verbose"] }],
      when: "onStall",
    },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "guard.ok", target: "== 1" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test", parse: "tap", timeoutSeconds: 120 },
        { name: "cov", run: "npm run cov", parse: "regex", pattern: "(?<lines>\\d+)%" },
        { name: "bench", run: "node bench.js", parse: "json", fields: { p95: "latency.p95" } },
        { name: "guard", policy: { forbidPaths: ["test/**"], allowPaths: ["src/**"], maxChangedLines: 400 } },
        {
          name: "review",
          agent: { executor: "codex", model: "gpt-x", args: ["--full-auto"], timeoutSeconds: 300, env: { REVIEW: "strict" }, command: "codex" },
        },
      ],
    },
    stop: { maxIterations: 25, maxDurationMinutes: 90, maxCostUsd: 12.5, stallIterations: 5, onRegression: "keep" },
    retry: { maxAgentFailures: 2, backoffSeconds: 30 },
    approval: { policy: "on-converge", fourEyes: false, approvers: ["alice"], timeoutMinutes: 30, onTimeout: "fail" },
    triggers: { schedule: "0 6 * * *", webhook: true },
    dependsOn: ["build-cache"],
    notify: [{ url: "https://hooks.example.com/services/T1", events: ["Converged", "Failed"], signingSecret: "HOOK_KEY" }],
    env: { pass: ["ANTHROPIC_API_KEY"] },
    sandbox: "bwrap",
    network: false,
  },
};
for (const key of KEYS) fillKey(WRITTEN, key);

// What the edit page loads: the stored spec, the schema's output, with every default written out.
const STORED = goalManifestSchema.parse(WRITTEN) as unknown as Record<string, unknown>;
const MINIMAL_STORED = goalManifestSchema.parse({
  apiVersion: "setpoint.dev/v1",
  kind: "Goal",
  metadata: { name: "minimal" },
  spec: {
    intent: "Pass.",
    workspace: { repo: "/srv/repo" },
    agent: { executor: "demo" },
    metrics: [{ metric: "tests.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "tests", run: "npm test" }] },
  },
}) as unknown as Record<string, unknown>;

const CASES = [
  ["a manifest as written", WRITTEN],
  ["a stored goal (every default written out)", STORED],
  ["a stored minimal goal", MINIMAL_STORED],
] as const;

// Names every key that changed (the most specific ones), so a failure lists all that was lost at once.
function assertEveryKeyKept(loaded: unknown, saved: unknown, edited: string) {
  const changed = KEYS.map((key) => key.path)
    .filter((path) => path !== edited && !edited.startsWith(`${path}.`))
    .filter((path) => !isDeepStrictEqual(valuesAt(saved, path), valuesAt(loaded, path)));
  const specific = changed.filter((path) => !changed.some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[]`)));
  assert.deepEqual(specific, [], "keys changed or lost on save");
}

function withIntent(manifest: Record<string, unknown>, intent: string): Record<string, unknown> {
  return { ...manifest, spec: { ...(manifest.spec as Record<string, unknown>), intent } };
}

test("the fixture sets every key of the goal schema and is a valid goal", () => {
  assert.ok(KEYS.length > 60, `the walk found ${KEYS.length} keys`);
  for (const path of [
    "spec.sandbox",
    "spec.approval.approvers",
    "spec.notify[].events",
    "spec.evaluation.layers[].agent.executor",
    "spec.evaluation.layers[].policy.maxChangedLines",
  ]) {
    assert.ok(
      KEYS.some((key) => key.path === path),
      `the walk finds ${path}`,
    );
  }
  for (const key of KEYS) assert.ok(valuesAt(WRITTEN, key.path).length > 0, `the fixture sets ${key.path}`);
  assert.deepEqual(checkManifest(WRITTEN), []);
});

for (const [name, loaded] of CASES) {
  test(`every key survives load → edit the intent → save through the form: ${name}`, () => {
    const values = manifestToForm(loaded);
    values.intent = "Make the checkout tests pass, and the cart ones.";
    const saved = formToManifest(values);
    assertEveryKeyKept(loaded, saved, "spec.intent");
    assert.equal(valuesAt(saved, "spec.intent")[0], "Make the checkout tests pass, and the cart ones.");
    // Exactly the loaded manifest, with only the changed field replaced.
    assert.deepEqual(saved, withIntent(loaded, "Make the checkout tests pass, and the cart ones."));
  });

  test(`every key survives the YAML tab: paste, switch to the form, edit the intent, switch back: ${name}`, () => {
    const pasted = readYamlManifest(manifestToYaml(loaded));
    assert.deepEqual(pasted.errors, []);
    const values = manifestToForm(pasted.manifest);
    values.intent = "Edited in the form.";
    const back = readYamlManifest(manifestToYaml(formToManifest(values)));
    assert.deepEqual(back.errors, []);
    assertEveryKeyKept(loaded, back.manifest, "spec.intent");
    assert.deepEqual(back.manifest, withIntent(loaded, "Edited in the form."));
  });

  test(`switching tabs back and forth without an edit changes nothing: ${name}`, () => {
    let manifest: unknown = loaded;
    for (let round = 0; round < 3; round++) {
      const reading = readYamlManifest(manifestToYaml(formToManifest(manifestToForm(manifest))));
      assert.deepEqual(reading.errors, []);
      manifest = reading.manifest;
    }
    assert.deepEqual(manifest, loaded);
  });
}

test("keys the form does not know (future fields, annotations) are kept on save", () => {
  // biome-ignore lint/suspicious/noExplicitAny: a manifest reached into at any depth, as a person's YAML would be
  const loaded = structuredClone(STORED) as Record<string, any>;
  loaded.metadata.annotations = { "example.com/owner": "alice" };
  loaded.spec.someFutureField = { enabled: true };
  loaded.spec.agent.baseUrl = "https://llm.internal/v1";
  loaded.spec.evaluation.layers[4].agent.permissions = { write: ["src/**"] };
  loaded.spec.evaluation.layers[0].retries = 2;
  loaded.spec.notify[0].headers = { "x-team": "core" };
  const values = manifestToForm(loaded);
  values.intent = "Changed.";
  assert.deepEqual(formToManifest(values), withIntent(loaded, "Changed."));
});

// The goal schema bounds every list, mapping and text, and says which field and which limit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { goalManifestSchema } from "../../server/spec/goal-spec";
import { SPEC_LIMITS } from "../../server/spec/spec-limits";
import { issuesToSpecErrors } from "../../server/spec/spec-error";

type Manifest = {
  metadata: Record<string, unknown>;
  spec: Record<string, unknown> & { agent: Record<string, unknown>; evaluation: { layers: Record<string, unknown>[] } };
};

function manifest(): Manifest {
  return {
    metadata: { name: "bounded", labels: { team: "core" } },
    spec: {
      intent: "Make every test pass.",
      workspace: { repo: "/tmp", ref: "main", setup: "npm ci" },
      agent: { executor: "command", command: "./agent.sh", args: ["--fast"], env: { MODE: "ci" } },
      metrics: [{ metric: "tests.ok", target: "== 1" }],
      evaluation: {
        layers: [
          { name: "tests", run: "npm test" },
          { name: "guard", policy: { forbidPaths: ["test/**"] } },
        ],
      },
    },
  } as Manifest;
}

function errors(change: (m: Manifest) => void): { path: string; message: string }[] {
  const input = { apiVersion: "setpoint.dev/v1", kind: "Goal", ...manifest() };
  change(input);
  const parsed = goalManifestSchema.safeParse(input);
  return parsed.success ? [] : issuesToSpecErrors(parsed.error.issues, input).map(({ path, message }) => ({ path, message }));
}

const many = <T>(count: number, make: (index: number) => T): T[] => Array.from({ length: count }, (_, index) => make(index));
const mapOf = (count: number, value = "v") => Object.fromEntries(many(count, (index) => [`K${index}`, value]));

test("a goal at every limit is accepted", () => {
  assert.deepEqual(
    errors((m) => {
      m.metadata.labels = Object.fromEntries(many(SPEC_LIMITS.labels, (index) => [`${"k".repeat(60)}${String(index).padStart(3, "0")}`, "v".repeat(63)]));
      m.spec.intent = "i".repeat(SPEC_LIMITS.intentChars);
      m.spec.agent.args = many(SPEC_LIMITS.args, () => "a".repeat(500));
      m.spec.agent.env = mapOf(SPEC_LIMITS.envVars, "e".repeat(500));
    }),
    [],
  );
});

test("one past each limit is refused, naming the field and the limit", () => {
  const cases: [string, (m: Manifest) => void, string, RegExp][] = [
    [
      "labels",
      (m) => {
        m.metadata.labels = mapOf(SPEC_LIMITS.labels + 1);
      },
      "metadata.labels",
      /at most 64 labels, found 65/,
    ],
    [
      "a label value",
      (m) => {
        m.metadata.labels = { team: "v".repeat(64) };
      },
      "metadata.labels.team",
      /at most 63 characters/,
    ],
    [
      "a label key",
      (m) => {
        m.metadata.labels = { ["k".repeat(64)]: "v" };
      },
      `metadata.labels.${"k".repeat(64)}`,
      /up to 63/,
    ],
    [
      "the intent",
      (m) => {
        m.spec.intent = "i".repeat(SPEC_LIMITS.intentChars + 1);
      },
      "spec.intent",
      /at most 65,536 characters \(64 KiB\)/,
    ],
    [
      "the repository",
      (m) => {
        (m.spec.workspace as Record<string, unknown>).repo = "/r".repeat(3000);
      },
      "spec.workspace.repo",
      /at most 4,096 characters/,
    ],
    [
      "the setup command",
      (m) => {
        (m.spec.workspace as Record<string, unknown>).setup = "x".repeat(16 * 1024 + 1);
      },
      "spec.workspace.setup",
      /at most 16,384 characters/,
    ],
    [
      "agent.args",
      (m) => {
        m.spec.agent.args = many(SPEC_LIMITS.args + 1, () => "a");
      },
      "spec.agent.args",
      /at most 100 arguments/,
    ],
    [
      "an argument",
      (m) => {
        m.spec.agent.args = ["a".repeat(4097)];
      },
      "spec.agent.args[0]",
      /at most 4,096 characters/,
    ],
    [
      "agent.env",
      (m) => {
        m.spec.agent.env = mapOf(SPEC_LIMITS.envVars + 1);
      },
      "spec.agent.env",
      /at most 100 variables, found 101/,
    ],
    [
      "an env value",
      (m) => {
        m.spec.agent.env = { A: "v".repeat(16 * 1024 + 1) };
      },
      "spec.agent.env.A",
      /at most 16,384 characters/,
    ],
    [
      "layers",
      (m) => {
        m.spec.evaluation.layers = many(SPEC_LIMITS.layers + 1, (index) => ({ name: `l${index}`, run: "true" }));
      },
      "spec.evaluation.layers",
      /at most 50 layers/,
    ],
    [
      "a layer's command",
      (m) => {
        m.spec.evaluation.layers[0].run = "x".repeat(16 * 1024 + 1);
      },
      "spec.evaluation.layers[0].run",
      /at most 16,384 characters/,
    ],
    [
      "forbidPaths",
      (m) => {
        m.spec.evaluation.layers[1].policy = { forbidPaths: many(201, (index) => `p${index}`) };
      },
      "spec.evaluation.layers[1].policy.forbidPaths",
      /at most 200 paths/,
    ],
    [
      "metrics",
      (m) => {
        m.spec.metrics = many(101, () => ({ metric: "tests.ok", target: "== 1" }));
      },
      "spec.metrics",
      /at most 100 target metrics/,
    ],
    [
      "notify",
      (m) => {
        m.spec.notify = many(21, () => ({ url: "https://example.com/" }));
      },
      "spec.notify",
      /at most 20 items/,
    ],
    [
      "env.pass",
      (m) => {
        m.spec.env = { pass: many(201, (index) => `V${index}`) };
      },
      "spec.env.pass",
      /at most 200 items/,
    ],
  ];
  for (const [what, change, path, message] of cases) {
    const found = errors(change);
    assert.equal(found.length, 1, `${what}: ${JSON.stringify(found).slice(0, 300)}`);
    assert.equal(found[0].path, path, what);
    assert.match(found[0].message, message, what);
  }
});

test("100,000 bad entries make one error, not 100,000", () => {
  const found = [
    ...errors((m) => {
      m.metadata.labels = Object.fromEntries(many(100_000, (index) => [`bad key ${index}`, index]));
    }),
    ...errors((m) => {
      m.spec.agent.env = Object.fromEntries(many(100_000, (index) => [`1-${index}`, index]));
    }),
    ...errors((m) => {
      m.spec.agent.args = many(100_000, (index) => index);
    }),
  ];
  assert.deepEqual(
    found.map((error) => error.path),
    ["metadata.labels", "spec.agent.env", "spec.agent.args"],
  );
});

test("a goal within every field's bounds can still be too large as a whole, and says so", () => {
  const found = errors((m) => {
    m.spec.evaluation.layers = many(20, (index) => ({ name: index === 0 ? "tests" : `l${index}`, run: "x".repeat(16 * 1024) }));
  });
  assert.equal(found.length, 1);
  assert.equal(found[0].path, "");
  assert.match(found[0].message, /^the goal is 3\d\d KiB as JSON; a goal may be at most 256 KiB/);
});

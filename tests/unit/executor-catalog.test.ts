// Adding an executor is its run-<name>.ts, one catalog line and its runner: the schema, the form, the README
// and the runner's dispatch follow the catalog.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { EXECUTOR_CATALOG, EXECUTORS } from "../../server/executors/executor-catalog";
import { EXECUTOR_RUNNERS } from "../../server/executors/run-agent";
import { agentSchema, goalSpecSchema } from "../../server/spec/goal-spec";
import { EXECUTOR_OPTIONS } from "../../components/goal-form/agent-fields";

const ROOT = path.resolve(import.meta.dirname, "../..");
const camel = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

test("every catalogued executor has its runner file, its runner in the dispatch, a label and a hint", () => {
  assert.deepEqual(Object.keys(EXECUTOR_RUNNERS).sort(), [...EXECUTORS].sort(), "the dispatch runs exactly the catalog's executors");
  for (const name of EXECUTORS) {
    const file = path.join(ROOT, "server/executors", `run-${name}.ts`);
    assert.ok(fs.existsSync(file), `server/executors/run-${name}.ts`);
    assert.match(fs.readFileSync(file, "utf8"), new RegExp(`export const run${camel(name)}\\b`), `run-${name}.ts exports run${camel(name)}`);
    assert.equal(typeof EXECUTOR_RUNNERS[name], "function", name);
    assert.ok(EXECUTOR_CATALOG[name].label.trim() && EXECUTOR_CATALOG[name].hint.trim(), `${name} has a label and a hint`);
  }
});

test("the schema's executor enum is the catalog's names, and any other is refused naming the choices", () => {
  assert.deepEqual(agentSchema.shape.executor.options, EXECUTORS);
  const refused = agentSchema.safeParse({ executor: "cursor" });
  assert.ok(!refused.success);
  assert.equal(refused.error.issues[0].path.join("."), "executor");
  assert.equal(refused.error.issues[0].message, `must be one of: ${EXECUTORS.join(", ")}`);
});

test("the schema asks for agent.command and agent.model where the catalog says they are required", () => {
  for (const name of EXECUTORS) {
    const entry = EXECUTOR_CATALOG[name];
    const paths = (agentSchema.safeParse({ executor: name }).error?.issues ?? []).map((issue) => issue.path.join("."));
    assert.equal(paths.includes("command"), entry.commandRequired, `${name}: command required`);
    assert.equal(paths.includes("model"), entry.modelRequired !== null, `${name}: model required`);
    const complete = agentSchema.safeParse({ executor: name, command: "./agent.sh", model: "some-model" });
    assert.ok(complete.success, `${name}: ${JSON.stringify(complete.error?.issues)}`);
  }
});

test("a reviewer on the maker's executor is refused, unless both are commands that differ", () => {
  const spec = (maker: Record<string, unknown>, reviewer: Record<string, unknown>) => ({
    intent: "make every test pass",
    workspace: { repo: "/tmp/repo" },
    agent: maker,
    metrics: [{ metric: "tests.ok", target: "== 1" }],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test" },
        { name: "review", agent: reviewer },
      ],
    },
  });
  assert.ok(!goalSpecSchema.safeParse(spec({ executor: "codex" }, { executor: "codex" })).success);
  assert.ok(!goalSpecSchema.safeParse(spec({ executor: "command", command: "./a.sh" }, { executor: "command", command: "./a.sh" })).success);
  assert.ok(goalSpecSchema.safeParse(spec({ executor: "command", command: "./a.sh" }, { executor: "command", command: "./b.sh" })).success);
});

test("the form's picker offers every catalogued executor with its label", () => {
  assert.deepEqual(
    EXECUTOR_OPTIONS.slice(1),
    EXECUTORS.map((name) => ({ value: name, label: `${name} — ${EXECUTOR_CATALOG[name].label}` })),
  );
});

test("the catalog is plain data the browser bundle can load: it imports nothing", () => {
  const source = fs.readFileSync(path.join(ROOT, "server/executors/executor-catalog.ts"), "utf8");
  assert.doesNotMatch(source, /^\s*(import|export .* from)\b/m);
});

test("the README's spec example lists the catalog's executors", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const listed = readme.match(/agent: \{ executor: claude-code.*# ((?:[a-z-]+ \| )+[a-z-]+)$/m)?.[1].split(" | ");
  assert.deepEqual(listed, EXECUTORS, "the README's `executor:` comment lists the catalog's executors");
});

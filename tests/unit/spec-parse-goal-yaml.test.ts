import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { stringify } from "yaml";
import { goalManifestSchema } from "../../server/spec/goal-spec";
import { formatSpecError, issuesToSpecErrors, parseGoalDocuments, parseGoalFiles, type SpecError } from "../../server/spec/parse-goal-yaml";

const GOAL = `apiVersion: setpoint.dev/v1
kind: Goal
metadata:
  name: fix-tests
  labels:
    team: core
spec:
  intent: Make the failing tests pass
  workspace:
    repo: ./repo
  agent:
    executor: claude-code
  metrics:
    - metric: tests.pass_ratio
      target: ">= 1"
  evaluation:
    layers:
      - name: tests
        run: npm test
        parse: tap
`;

const lineOf = (text: string, fragment: string) => text.split("\n").findIndex((line) => line.includes(fragment)) + 1;
const only = (errors: SpecError[]) => {
  assert.equal(errors.length, 1, errors.map(formatSpecError).join("\n"));
  return errors[0];
};

test("a file with several goals and a comment-only document yields each goal with its document number", () => {
  const text = `${GOAL}---\n# nothing here yet\n---\n${GOAL.replace("name: fix-tests", "name: lint-clean")}`;
  const { goals, errors } = parseGoalDocuments(text, "goals.yaml");
  assert.deepEqual(errors, []);
  assert.deepEqual(
    goals.map((goal) => [goal.manifest.metadata.name, goal.document, goal.source]),
    [
      ["fix-tests", 1, "goals.yaml"],
      ["lint-clean", 3, "goals.yaml"],
    ],
  );
  assert.equal(goals[0].manifest.spec.stop.maxIterations, 10, "schema defaults are applied");
  assert.deepEqual(goals[0].manifest.metadata.labels, { team: "core" });
});

test("an error at a nested field names its line, column and path", () => {
  const text = GOAL.replace('target: ">= 1"', "target: about one");
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, "spec.metrics[0].target");
  assert.equal(error.line, lineOf(text, "target: about one"));
  assert.equal(error.column, 15);
  assert.match(formatSpecError(error), /^goal\.yaml:15:15: spec\.metrics\[0\]\.target: must be '<op> <number>'/);
});

test("a wrong type says what was expected and what was found", () => {
  const text = GOAL.replace("executor: claude-code", "executor: claude-code\n    timeoutSeconds: ten");
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, "spec.agent.timeoutSeconds");
  assert.equal(error.line, lineOf(text, "timeoutSeconds: ten"));
  assert.equal(error.message, 'must be a number, found text "ten"');
});

test("a bad key in a map names the key, its line and the rule it breaks", () => {
  const text = GOAL.replace("executor: claude-code", "executor: claude-code\n    env:\n      1API_KEY: x");
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, 'spec.agent.env["1API_KEY"]');
  assert.equal(error.line, lineOf(text, "1API_KEY"));
  assert.equal(error.message, "is not an allowed key: must be an environment variable name");
});

test("a missing key points at the mapping that should hold it", () => {
  const text = GOAL.replace("    repo: ./repo\n", "    ref: main\n");
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, "spec.workspace.repo");
  assert.equal(error.line, lineOf(text, "workspace:"));
  assert.match(error.message, /^is required/);
});

test("a YAML syntax error is a spec error with its line", () => {
  const text = GOAL.replace("  intent: Make the failing tests pass", "  intent: Make: the: tests pass");
  const { goals, errors } = parseGoalDocuments(text, "goal.yaml");
  assert.equal(goals.length, 0);
  assert.ok(errors.length >= 1);
  assert.equal(errors[0].line, lineOf(text, "intent: Make:"));
  assert.equal(errors[0].path, "");
  assert.doesNotMatch(errors[0].message, /at line/, "the line is reported in its own field, not repeated");
});

test("an unknown key under spec is refused at the key's own line, with the field that was meant", () => {
  const text = `${GOAL}  stpo:\n    maxIterations: 5\n`;
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, "spec.stpo");
  assert.equal(error.line, lineOf(text, "stpo:"));
  assert.equal(error.column, 3);
  assert.match(error.message, /not a known field; did you mean 'stop'\?/);
});

test("a reviewer layer using the maker's executor is refused: the maker never grades itself", () => {
  const text = `${GOAL}      - name: review\n        agent:\n          executor: claude-code\n`;
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.equal(error.path, "spec.evaluation.layers[1].agent.executor");
  assert.equal(error.line, text.split("\n").length - 1);
  assert.match(error.message, /never grades itself/);
});

test("two documents with the same name are refused, pointing at the second name", () => {
  const text = `${GOAL}---\n${GOAL}`;
  const { goals, errors } = parseGoalDocuments(text, "goal.yaml");
  const error = only(errors);
  assert.equal(error.path, "metadata.name");
  assert.equal(error.document, 2);
  assert.equal(error.line, GOAL.split("\n").length + lineOf(GOAL, "name: fix-tests"));
  assert.match(error.message, /'fix-tests' is also the name of document 1/);
  assert.equal(goals.length, 1);
});

test("the same name in two files of one apply is refused", () => {
  const { errors } = parseGoalFiles([
    { text: GOAL, source: "a.yaml" },
    { text: GOAL, source: "b.yaml" },
  ]);
  const error = only(errors);
  assert.equal(error.source, "b.yaml");
  assert.match(error.message, /document 1 of a\.yaml/);
});

test("a file without any document is an error, not an empty apply", () => {
  const error = only(parseGoalDocuments("# only a comment\n", "empty.yaml").errors);
  assert.match(error.message, /no YAML documents/);
});

test("issuesToSpecErrors turns issues on an already-parsed object into path and message, without lines", () => {
  const input = { apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "Bad Name" }, spec: { stpo: 1 } };
  const parsed = goalManifestSchema.safeParse(input);
  assert.equal(parsed.success, false);
  const errors = issuesToSpecErrors(parsed.error!.issues, input, { source: "form" });
  assert.ok(errors.every((error) => error.line === null && error.column === null && error.source === "form"));
  const byPath = new Map(errors.map((error) => [error.path, error.message]));
  assert.match(byPath.get("metadata.name") ?? "", /lowercase DNS label/);
  assert.match(byPath.get("spec.stpo") ?? "", /did you mean 'stop'/);
  assert.equal(byPath.get("spec.intent"), "is required (a string)");
  assert.equal(formatSpecError(errors.find((error) => error.path === "spec.stpo")!), "form: spec.stpo: is not a known field; did you mean 'stop'?");
});

const checkResult = (text: string) => {
  const result = parseGoalDocuments(text, "fuzz.yaml");
  const lines = text.split("\n").length + 1;
  for (const error of result.errors) {
    assert.equal(typeof error.message, "string");
    assert.ok(error.message.length > 0);
    assert.ok(error.line === null || (Number.isInteger(error.line) && error.line >= 1 && error.line <= lines), `line ${error.line} of ${lines}`);
  }
  return result;
};

test("garbage never throws: it comes back as errors", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
      const result = checkResult(text);
      assert.ok(result.errors.length > 0);
    }),
    { numRuns: 300 },
  );
});

test("random edits of a valid file never throw: they return a goal or errors", () => {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(":", "- ", "\n  ", "---\n", "[", "{", "&a", "*a", "!!binary ", "#", "\t", "'", '"')),
    }),
    fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  );
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
      let text = GOAL;
      for (const step of edits) {
        if (step.kind === "delete") {
          const at = step.at % text.length;
          text = text.slice(0, at) + text.slice(at + step.length);
        } else if (step.kind === "insert") {
          const at = step.at % (text.length + 1);
          text = text.slice(0, at) + step.text + text.slice(at);
        } else {
          const lines = text.split("\n");
          const [a, b] = [step.a % lines.length, step.b % lines.length];
          [lines[a], lines[b]] = [lines[b], lines[a]];
          text = lines.join("\n");
        }
      }
      const result = checkResult(text);
      assert.ok(result.goals.length + result.errors.length > 0);
    }),
    { numRuns: 400 },
  );
});

test("any value put anywhere in a valid goal never throws: it returns a goal or errors with paths", () => {
  const base = parseGoalDocuments(GOAL, "goal.yaml").goals[0].manifest as unknown as Record<string, unknown>;
  const paths = [
    ["spec"],
    ["spec", "metrics", 0],
    ["spec", "evaluation", "layers", 0],
    ["metadata", "labels"],
    ["spec", "stop"],
    ["spec", "agent", "env"],
    ["metadata"],
    [],
  ];
  fc.assert(
    fc.property(fc.constantFrom(...paths), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), (path, key, value) => {
      const copy = structuredClone(base);
      let target = copy as Record<PropertyKey, unknown>;
      for (const segment of path) target = target[segment] as Record<PropertyKey, unknown>;
      target[key] = value;
      const result = checkResult(stringify(copy));
      assert.ok(result.goals.length + result.errors.length > 0);
      for (const error of result.errors) assert.equal(typeof error.path, "string");
    }),
    { numRuns: 300 },
  );
});

test("a __proto__ key is refused at its line, where a record would have dropped it silently", () => {
  const text = GOAL.replace("    team: core", "    team: core\n    __proto__: admin");
  const error = only(parseGoalDocuments(text, "goal.yaml").errors);
  assert.deepEqual([error.line, error.path, error.message], [lineOf(text, "__proto__"), "metadata.labels.__proto__", "is not allowed as a key"]);
});

test("an escaped NUL in a value is refused with its field, before it could reach Postgres", () => {
  const error = only(parseGoalDocuments(GOAL.replace("Make the failing tests pass", '"a\\0b"'), "goal.yaml").errors);
  assert.deepEqual([error.path, error.message], ["spec.intent", "text cannot contain the NUL character (\\u0000)"]);
});

test("nesting deeper than 64 levels is refused at its line, before the parser recurses into it", () => {
  const started = Date.now();
  const error = only(parseGoalDocuments(`${GOAL}deep: ${"[".repeat(200_000)}${"]".repeat(200_000)}\n`, "goal.yaml").errors);
  assert.deepEqual([error.line, error.message], [lineOf(GOAL, "parse: tap") + 1, "nests deeper than 64 levels; a goal needs far fewer"]);
  assert.ok(Date.now() - started < 5000, "refused quickly");
  assert.equal(
    parseGoalDocuments(GOAL.replace("    team: core", `    team: ${"[".repeat(60)}${"]".repeat(60)}`), "goal.yaml").errors[0]?.message.includes("nests deeper"),
    false,
    "60 levels are read",
  );
});

test("a billion laughs (aliases expanding exponentially) is refused, not expanded", () => {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let level = 1; level < 9; level++)
    lines.push(
      `a${level}: &a${level} [${Array(9)
        .fill(`*a${level - 1}`)
        .join(", ")}]`,
    );
  const error = only(parseGoalDocuments(lines.join("\n"), "laughs.yaml").errors);
  assert.match(error.message, /Excessive alias count/);
});

test("network: false without sandbox: bwrap is refused: nothing could cut the network", () => {
  const error = only(parseGoalDocuments(`${GOAL}  network: false\n`, "goal.yaml").errors);
  assert.equal(error.path, "spec.network");
  assert.equal(error.message, "false needs sandbox: bwrap; without a sandbox, commands have the runner's network");
  assert.deepEqual(parseGoalDocuments(`${GOAL}  sandbox: bwrap\n  network: false\n`, "goal.yaml").errors, []);
});

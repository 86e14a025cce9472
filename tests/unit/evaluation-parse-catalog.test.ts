// Adding an output format is one parser file and one catalog line: the schema, the form and the README follow.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { PARSE_CATALOG, PARSERS } from "../../server/evaluation/parse-catalog";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import { suggestMetrics } from "../../components/goal-form/metric-suggestions";
import { emptyLayer } from "../../components/goal-form/form-values";

const ROOT = path.resolve(import.meta.dirname, "../..");
const spec = (parse: string) => ({
  intent: "make every test pass",
  workspace: { repo: "/tmp/repo" },
  agent: { executor: "demo" },
  metrics: [{ metric: "tests.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "tests", run: "npm test", parse, pattern: "(?<ok>\\d)", fields: { ok: "ok" } }] },
});

test("the schema accepts every catalogued format and refuses any other, naming the field and the choices", () => {
  for (const parser of PARSERS) assert.ok(goalSpecSchema.safeParse(spec(parser)).success, parser);
  const refused = goalSpecSchema.safeParse(spec("xml"));
  assert.ok(!refused.success);
  const issue = refused.error.issues.find((each) => each.path.join(".") === "evaluation.layers.0.parse");
  assert.ok(issue, JSON.stringify(refused.error.issues));
  assert.equal(issue.message, `must be one of: ${PARSERS.join(", ")}`);
});

test("every catalogued format has its parser file and is named in the README's spec example", () => {
  for (const parser of PARSERS) assert.ok(fs.existsSync(path.join(ROOT, "server/evaluation", `parse-${parser}.ts`)), `server/evaluation/parse-${parser}.ts`);
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const listed = readme.match(/parse: tap.*# ((?:[a-z-]+ \| )+[a-z-]+)$/m)?.[1].split(" | ");
  assert.deepEqual(listed, PARSERS, "the README's `parse:` comment lists the catalog's formats");
});

test("the form suggests the metrics a catalogued format reports", () => {
  for (const parser of PARSERS) {
    if (PARSE_CATALOG[parser].metrics.length === 0) continue;
    const layer = { ...emptyLayer("run"), name: "tests", parse: parser === "exit-code" ? "" : parser };
    assert.deepEqual(
      suggestMetrics([layer]),
      PARSE_CATALOG[parser].metrics.map((metric) => `tests.${metric}`),
      parser,
    );
  }
});

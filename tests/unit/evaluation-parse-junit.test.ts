import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFile, rm } from "node:fs/promises";
import { parseJunit } from "../../server/evaluation/parse-junit";
import { runProcess } from "../../server/process/run-process";
import { childEnv } from "../fixtures/evaluation/child-env";
import { makeNodeTestProject } from "../fixtures/evaluation/node-test-project";
import { cpuMs, MiB } from "../helpers/cpu-time";

const fixture = (name: string) => readFile(new URL(`../fixtures/evaluation/${name}`, import.meta.url), "utf8");

test("a Surefire report counts testcases with <failure> or <error> as failed and skipped ones as passed", async () => {
  assert.deepEqual(parseJunit(await fixture("junit-surefire.xml")), {
    found: true,
    metrics: { passed: 3, failed: 2, total: 5, pass_ratio: 0.6 },
    problems: [],
  });
});

test("a report with counts only sums the outermost suites' tests, failures and errors", async () => {
  // unit: 10 tests, 2 failures + 1 error; integration: 5 tests; the nested suite is not counted twice.
  assert.deepEqual(parseJunit(await fixture("junit-summary-only.xml")), {
    found: true,
    metrics: { passed: 12, failed: 3, total: 15, pass_ratio: 0.8 },
    problems: [],
  });
});

test("node's junit reporter, with top-level tests outside any testsuite, is counted in full", async () => {
  const dir = await makeNodeTestProject({ failing: true });
  try {
    const result = await runProcess({ command: "node --test --test-reporter=junit calc.test.mjs", cwd: dir, env: childEnv(), timeoutMs: 30_000 });
    assert.match(result.stdout, /<testsuites>/, result.output);
    assert.deepEqual(parseJunit(result.stdout), { found: true, metrics: { passed: 6, failed: 1, total: 7, pass_ratio: 6 / 7 }, problems: [] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("JUnit printed after other output is still found", () => {
  const stdout = `> npm test\nrunning...\n<testsuite name="a" tests="2"><testcase name="x"/><testcase name="y"></testcase></testsuite>\n`;
  assert.deepEqual(parseJunit(stdout), { found: true, metrics: { passed: 2, failed: 0, total: 2, pass_ratio: 1 }, problems: [] });
});

test("an empty testsuite reports total 0 and says no tests were found", () => {
  assert.deepEqual(parseJunit('<testsuites tests="0" failures="0"></testsuites>'), {
    found: true,
    metrics: { passed: 0, failed: 0, total: 0, pass_ratio: 0 },
    problems: ["no tests found"],
  });
});

test("output without JUnit XML is reported as nothing found", () => {
  const parsed = parseJunit("<html><body>not a report</body></html>");
  assert.equal(parsed.found, false);
  assert.match(parsed.found ? "" : parsed.reason, /no JUnit XML/);
});

// A report with known counts, dressed in everything the parser must see through: comments, CDATA and
// processing instructions holding fake <testcase> tags, both kinds of quotes, spaces around '='.
const attributeText = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "-", ">", "/", "=", "&amp;", "é", "\n"), maxLength: 12 });
const testcase = fc.record({
  outcome: fc.constantFrom("pass", "pass-open", "failure", "error"),
  name: attributeText,
  quote: fc.constantFrom('"', "'"),
  spaced: fc.boolean(),
  noise: fc.constantFrom(
    "",
    '<!-- <testcase name="fake"/> -->',
    "<system-out><![CDATA[ <testcase name='fake'> <failure/> ]]></system-out>",
    "<?pi <testcase/> ?>",
  ),
});

test("a report's passed and failed cases are counted through comments, CDATA, processing instructions and any attribute text", () => {
  fc.assert(
    fc.property(fc.array(testcase, { minLength: 1, maxLength: 12 }), (cases) => {
      const body = cases.map(({ outcome, name, quote, spaced, noise }) => {
        const value = quote === '"' ? name.replaceAll('"', "") : name.replaceAll("'", "");
        const open = `<testcase name${spaced ? " = " : "="}${quote}${value}${quote} classname="c"`;
        if (outcome === "pass") return `${noise}${open}/>`;
        if (outcome === "pass-open") return `${open}>${noise}</testcase>`;
        return `${open}>${noise}<${outcome} message="boom"/></testcase>`;
      });
      const xml = `<?xml version="1.0"?>\n<!DOCTYPE x>\n<testsuites>\n<testsuite name="s">${body.join("\n")}</testsuite>\n</testsuites>`;
      const failed = cases.filter((each) => each.outcome === "failure" || each.outcome === "error").length;
      const parsed = parseJunit(xml);
      assert.ok(parsed.found, xml);
      assert.deepEqual([parsed.metrics.passed, parsed.metrics.failed], [cases.length - failed, failed], xml);
    }),
  );
});

// Agent-controlled output fills the 1 MiB a layer keeps. A quadratic reader took about 100 s over the first.
const fill = (unit: string, size = MiB) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));
const HOSTILE: [string, string][] = [
  ["unclosed comments", fill("<!--")],
  ["unclosed CDATA", fill("<![CDATA[")],
  ["unclosed processing instructions", fill("<?")],
  ["unclosed declarations", fill("<!DOCTYPE")],
  ["unclosed double-quoted attributes", fill('<testcase name="')],
  ["unclosed single-quoted attributes", fill("<testcase name='")],
  ["one huge unclosed attribute", `<testcase name="${"x".repeat(MiB)}`],
  ["deeply nested suites", `${fill('<testsuite tests="1">', MiB / 2)}${fill("</testsuite>", MiB / 2)}`],
  ["deeply nested testcases", fill("<testcase>")],
  ["a tag with endless attributes", `<testcase ${fill('a="" ')}`],
  ["a tag with endless spaces", `<testcase${" ".repeat(MiB)}`],
  ["only '<'", fill("<")],
  ["comments that close a long way off", `${fill("<!--", MiB - 3)}-->`],
];

for (const [what, text] of HOSTILE) {
  test(`JUnit parsing stays linear on ${what}`, () => {
    const took = cpuMs(() => parseJunit(text));
    assert.ok(took < 1000, `${what}: ${Math.round(took)} ms for ${text.length} characters`);
  });
}

test("a huge attribute that closes is read, and the case counted", () => {
  assert.deepEqual(parseJunit(`<testcase name="${"x".repeat(MiB)}"/>`), {
    found: true,
    metrics: { passed: 1, failed: 0, total: 1, pass_ratio: 1 },
    problems: [],
  });
});

test("JUnit parsing stays linear on any fragment repeated to fill the output", () => {
  const fragment = fc.constantFrom(
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?",
    "?>",
    "<!DOCTYPE",
    "<",
    ">",
    "/>",
    "</",
    "testcase",
    " ",
    "=",
    '"',
    "'",
    "a",
    "<testcase",
    '<testsuite tests="1"',
    "<failure",
  );
  fc.assert(
    fc.property(fc.array(fragment, { minLength: 1, maxLength: 4 }), (unit) => {
      const text = fill(unit.join(""), MiB / 4);
      const took = cpuMs(() => parseJunit(text));
      assert.ok(took < 500, `${JSON.stringify(unit.join(""))} repeated: ${Math.round(took)} ms`);
    }),
    { numRuns: 40 },
  );
});

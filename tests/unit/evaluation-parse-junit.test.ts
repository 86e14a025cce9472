import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { parseJunit } from "../../server/evaluation/parse-junit";
import { runProcess } from "../../server/process/run-process";
import { childEnv } from "../fixtures/evaluation/child-env";
import { makeNodeTestProject } from "../fixtures/evaluation/node-test-project";

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

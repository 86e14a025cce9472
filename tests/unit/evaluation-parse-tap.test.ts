import { test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { parseTap } from "../../server/evaluation/parse-tap";
import { runProcess } from "../../server/process/run-process";
import { childEnv } from "../fixtures/evaluation/child-env";
import { makeNodeTestProject } from "../fixtures/evaluation/node-test-project";

async function nodeTap(failing: boolean): Promise<string> {
  const dir = await makeNodeTestProject({ failing });
  try {
    const result = await runProcess({ command: "node --test --test-reporter=tap calc.test.mjs", cwd: dir, env: childEnv(), timeoutMs: 30_000 });
    assert.match(result.stdout, /^TAP version/m, `node printed no TAP:\n${result.output}`);
    return result.stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("node --test TAP with a failing nested test counts every test, not just the top-level ones", async () => {
  const parsed = parseTap(await nodeTap(true));
  // 7 tests: 4 in nested describes, a skip and a todo (which count as passed), 1 top-level; 1 fails.
  assert.deepEqual(parsed, { found: true, metrics: { passed: 6, failed: 1, total: 7, pass_ratio: 6 / 7 }, problems: [] });
});

test("node --test TAP where everything passes reports pass_ratio 1", async () => {
  const parsed = parseTap(await nodeTap(false));
  assert.deepEqual(parsed, { found: true, metrics: { passed: 7, failed: 0, total: 7, pass_ratio: 1 }, problems: [] });
});

test("without a summary only top-level test points count, and SKIP or TODO ones pass", () => {
  const tap = [
    "TAP version 14",
    "1..4",
    "# Subtest: group",
    "    not ok 1 - an indented subtest is not counted on its own",
    "    1..1",
    "not ok 1 - group",
    "ok 2 - works",
    "not ok 3 - flaky # TODO fix later",
    "ok 4 - slow one # skip on CI",
  ].join("\n");
  assert.deepEqual(parseTap(tap), { found: true, metrics: { passed: 3, failed: 1, total: 4, pass_ratio: 0.75 }, problems: [] });
});

test("plain TAP with numbers only, as other tools print it", () => {
  assert.deepEqual(parseTap("1..3\nok 1\nok 2\nnot ok 3\n"), { found: true, metrics: { passed: 2, failed: 1, total: 3, pass_ratio: 2 / 3 }, problems: [] });
});

test("a run that dies before its plan is fulfilled counts the missing tests as failed", () => {
  const parsed = parseTap("1..5\nok 1 - a\nok 2 - b\n");
  assert.equal(parsed.found, true);
  if (!parsed.found) return;
  assert.deepEqual(parsed.metrics, { passed: 2, failed: 3, total: 5, pass_ratio: 0.4 });
  assert.match(parsed.problems.join(), /promised 5 tests but 2 reported/);
});

test("a plan of 1..0 reports total 0, pass_ratio 0 and says no tests were found", () => {
  assert.deepEqual(parseTap("TAP version 13\n1..0 # no tests\n"), {
    found: true,
    metrics: { passed: 0, failed: 0, total: 0, pass_ratio: 0 },
    problems: ["no tests found"],
  });
});

test("a bail out is reported as a problem", () => {
  const parsed = parseTap("1..2\nok 1 - a\nBail out! database is down\n");
  assert.ok(parsed.found && parsed.problems.some((problem) => problem.includes("bailed out: database is down")));
});

test("output that is not TAP is reported as nothing found", () => {
  const parsed = parseTap("Running 12 specs...\nAll good!\n# not a summary\n");
  assert.equal(parsed.found, false);
  assert.match(parsed.found ? "" : parsed.reason, /no TAP/);
});

test("a command that runs two suites prints two summaries, and both count", async () => {
  const twoRuns = `${await nodeTap(true)}\n> next suite\n${await nodeTap(false)}`;
  assert.deepEqual(parseTap(twoRuns), { found: true, metrics: { passed: 13, failed: 1, total: 14, pass_ratio: 13 / 14 }, problems: [] });
});

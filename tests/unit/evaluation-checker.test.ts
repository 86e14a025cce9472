import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChecker, type RunCheckerContext } from "../../server/evaluation/run-checker";
import type { AgentResult, RunAgent } from "../../server/executors/types";
import type { AgentLayer } from "../../server/spec/goal-spec";
import { childEnv } from "../fixtures/evaluation/child-env";
import { commandAgent } from "../fixtures/evaluation/command-agent";

const INTENT = "Make `add` in src/calc.js return the sum of its arguments.";
const DIFF = `diff --git a/src/calc.js b/src/calc.js
--- a/src/calc.js
+++ b/src/calc.js
@@ -1 +1 @@
-export const add = (a, b) => a - b;
+export const add = (a, b) => a + b;
`;
const VERDICT_LINE = '{"verdict":"approve"|"changes_requested","score":0..1,"comments":"…"}';

const reviewer = (command: string, timeoutSeconds = 30): AgentLayer => ({
  name: "review",
  agent: { executor: "command", command, args: [], timeoutSeconds, env: {}, permissions: "edit" },
});

async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "setpoint-checker-"));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const context = (cwd: string, runAgent: RunAgent = commandAgent): RunCheckerContext => ({
  cwd,
  env: childEnv(),
  intent: INTENT,
  diff: DIFF,
  goal: "fix-calc",
  iteration: 3,
  runAgent,
});

test("a reviewer that approves gives approved 1, its score and its comments", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(
      reviewer(`cat > prompt.txt; echo "Reading the diff..."; echo '{"verdict":"approve","score":0.9,"comments":"add is fixed"}'`),
      context(dir),
    );
    assert.equal(outcome.ok, true, outcome.log);
    assert.equal(outcome.kind, "agent");
    assert.deepEqual(outcome.metrics, { "review.approved": 1, "review.score": 0.9 });
    assert.equal(outcome.comments, "add is fixed");
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.log, /\[setpoint\] verdict: approve, score 0\.9: add is fixed$/);
  });
});

test("the reviewer is given the intent, the diff and the exact verdict line to end with", async () => {
  await inTempDir(async (dir) => {
    await runChecker(reviewer(`cat > prompt.txt; echo '{"verdict":"approve","score":1,"comments":""}'`), context(dir));
    const prompt = await readFile(join(dir, "prompt.txt"), "utf8");
    assert.ok(prompt.includes(INTENT), "the intent is in the prompt");
    assert.ok(prompt.includes(DIFF.trimEnd()), "the diff is in the prompt");
    assert.ok(prompt.trimEnd().endsWith(VERDICT_LINE), `the prompt ends with the verdict format:\n${prompt}`);
    assert.match(prompt, /End your output with exactly one line of JSON/);
  });
});

test("a reviewer that requests changes fails the layer and hands its comments on", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(
      reviewer(`cat >/dev/null; echo '{"verdict":"changes_requested","score":0.3,"comments":"add ignores negative numbers"}'`),
      context(dir),
    );
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.metrics, { "review.approved": 0, "review.score": 0.3 });
    assert.equal(outcome.comments, "add ignores negative numbers");
  });
});

test("the last verdict line wins, and a fenced verdict line is read", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(
      reviewer(
        `cat >/dev/null; echo 'First thought: {"verdict":"approve"}'; echo '{"verdict":"approve","score":0.8,"comments":"ok"}'; echo 'On reflection:'; echo '\`{"verdict":"changes_requested","score":0.4,"comments":"missing test"}\`'`,
      ),
      context(dir),
    );
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.metrics, { "review.approved": 0, "review.score": 0.4 });
    assert.equal(outcome.comments, "missing test");
  });
});

test("a reviewer that prints no verdict fails with a log saying what was expected", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(reviewer(`cat >/dev/null; echo 'LGTM, ship it!'`), context(dir));
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.metrics, { "review.approved": 0, "review.score": 0 });
    assert.equal(outcome.comments, null);
    assert.match(outcome.log, /LGTM, ship it!/);
    assert.ok(
      outcome.log.includes(`expected the reviewer's output to end with a JSON line ${VERDICT_LINE}, but there is no JSON line in the reviewer's output`),
      outcome.log,
    );
  });
});

test("a verdict line with a score out of range or an unknown verdict is refused with what was wrong", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(reviewer(`cat >/dev/null; echo '{"verdict":"lgtm","score":1.5,"comments":"great"}'`), context(dir));
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.metrics, { "review.approved": 0, "review.score": 0 });
    assert.match(outcome.log, /is not a valid verdict \(verdict: .*; score: .*\)/);
  });
});

test("a reviewer that exits non-zero fails the layer even if it printed an approval", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runChecker(
      reviewer(`cat >/dev/null; echo '{"verdict":"approve","score":1,"comments":"fine"}'; echo 'crashed' >&2; exit 2`),
      context(dir),
    );
    assert.equal(outcome.ok, false);
    assert.deepEqual(outcome.metrics, { "review.approved": 0, "review.score": 0 });
    assert.equal(outcome.exitCode, 2);
    assert.match(outcome.log, /crashed/);
    assert.match(outcome.log, /not approved: the reviewer \(command\) failed: exited with code 2/);
  });
});

test("a reviewer that times out fails the layer and says so", async () => {
  await inTempDir(async (dir) => {
    const started = Date.now();
    const outcome = await runChecker(reviewer("sleep 30", 1), context(dir));
    assert.ok(Date.now() - started < 4000);
    assert.equal(outcome.ok, false);
    assert.match(outcome.log, /failed: timed out after 1s/);
  });
});

const fakeResult = (fields: Partial<AgentResult>): AgentResult => ({
  ok: true,
  exitCode: 0,
  timedOut: false,
  error: null,
  output: "",
  finalText: "",
  costUsd: 0.02,
  tokensIn: 10,
  tokensOut: 5,
  durationMs: 7,
  ...fields,
});

test("the verdict is read from the final message, or from the whole output when the final message has none", async () => {
  const verdict = '{"verdict":"approve","score":0.7,"comments":"from output"}';
  const fromOutput = await runChecker(
    reviewer("unused"),
    context("/", async () => fakeResult({ output: `thinking\n${verdict}\n`, finalText: "I approve." })),
  );
  assert.deepEqual(fromOutput.metrics, { "review.approved": 1, "review.score": 0.7 });
  assert.equal(fromOutput.costUsd, 0.02, "the reviewer's cost is reported");

  const fromFinal = await runChecker(
    reviewer("unused"),
    context("/", async () =>
      fakeResult({
        output: '{"verdict":"changes_requested","score":0.1,"comments":"old"}',
        finalText: '{"verdict":"approve","score":0.95,"comments":"final"}',
      }),
    ),
  );
  assert.deepEqual(fromFinal.metrics, { "review.approved": 1, "review.score": 0.95 });
});

test("a reviewer executor that throws fails the layer with the reason", async () => {
  const outcome = await runChecker(
    reviewer("unused"),
    context("/", async () => {
      throw new Error("claude: command not found");
    }),
  );
  assert.equal(outcome.ok, false);
  assert.match(outcome.log, /could not be run: claude: command not found/);
});

test("aborting while the reviewer runs throws an AbortError instead of a verdict", async () => {
  await inTempDir(async (dir) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(runChecker(reviewer("sleep 30"), { ...context(dir), signal: controller.signal }), (error: Error) => error.name === "AbortError");
  });
});

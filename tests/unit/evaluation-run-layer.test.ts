import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLayer } from "../../server/evaluation/run-layer";
import type { RunLayer } from "../../server/spec/goal-spec";
import { childEnv } from "../fixtures/evaluation/child-env";
import { makeNodeTestProject } from "../fixtures/evaluation/node-test-project";
import { pidsWithArgument, uniqueSleep } from "../helpers/host-processes";

const layer = (fields: Partial<RunLayer> & { run: string }): RunLayer => ({ name: "tests", parse: "exit-code", timeoutSeconds: 60, ...fields });

async function inTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "setpoint-run-layer-"));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("a command that exits 0 is ok, with its exit code and duration as metrics", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ name: "build", run: "echo building; sleep 0.2" }), { cwd: dir, env: childEnv() });
    assert.equal(outcome.ok, true);
    assert.equal(outcome.kind, "run");
    assert.equal(outcome.exitCode, 0);
    assert.deepEqual(Object.keys(outcome.metrics).sort(), ["build.duration_s", "build.exit_code", "build.ok"]);
    assert.equal(outcome.metrics["build.ok"], 1);
    assert.equal(outcome.metrics["build.exit_code"], 0);
    assert.ok(outcome.metrics["build.duration_s"] >= 0.2 && outcome.metrics["build.duration_s"] < 5, `duration ${outcome.metrics["build.duration_s"]}`);
    assert.match(outcome.log, /^building\n\[setpoint\] exited with code 0/);
  });
});

test("a non-zero exit code fails the layer and is reported as measured", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ name: "lint", run: "echo 'error: unused variable' >&2; exit 3" }), { cwd: dir, env: childEnv() });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.metrics["lint.exit_code"], 3);
    assert.equal(outcome.metrics["lint.ok"], 0);
    assert.match(outcome.log, /error: unused variable/);
    assert.match(outcome.log, /exited with code 3/);
  });
});

test("a command runs in the worktree with the environment it is given", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ run: `test "$(pwd -P)" = "$EXPECTED_DIR" && test "$SETPOINT_PROBE" = yes` }), {
      cwd: dir,
      env: childEnv({ EXPECTED_DIR: await realpath(dir), SETPOINT_PROBE: "yes" }),
    });
    assert.equal(outcome.ok, true, outcome.log);
  });
});

test("a real node --test run with a failing test gives tap metrics and fails the layer", async () => {
  const dir = await makeNodeTestProject({ failing: true });
  try {
    const chunks: string[] = [];
    const outcome = await runLayer(layer({ run: "node --test --test-reporter=tap", parse: "tap" }), {
      cwd: dir,
      env: childEnv(),
      onOutput: (chunk) => chunks.push(chunk),
    });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.metrics["tests.exit_code"], 1);
    assert.equal(outcome.metrics["tests.total"], 7);
    assert.equal(outcome.metrics["tests.passed"], 6);
    assert.equal(outcome.metrics["tests.failed"], 1);
    assert.equal(outcome.metrics["tests.pass_ratio"], 6 / 7);
    assert.equal(outcome.metrics["tests.ok"], undefined, "only the exit-code parser reports <layer>.ok");
    assert.match(chunks.join(""), /not ok \d+ - subtracts/, "output is streamed while the command runs");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a passing node --test run is ok with pass_ratio 1", async () => {
  const dir = await makeNodeTestProject({ failing: false });
  try {
    const outcome = await runLayer(layer({ run: "node --test --test-reporter=tap", parse: "tap" }), { cwd: dir, env: childEnv() });
    assert.equal(outcome.ok, true, outcome.log);
    assert.equal(outcome.metrics["tests.pass_ratio"], 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("parsers read stdout only, while the log keeps stderr too", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ run: "echo 'not ok 1 - from stderr' >&2; printf '1..1\\nok 1 - from stdout\\n'", parse: "tap" }), {
      cwd: dir,
      env: childEnv(),
    });
    assert.equal(outcome.ok, true, outcome.log);
    assert.equal(outcome.metrics["tests.failed"], 0);
    assert.match(outcome.log, /not ok 1 - from stderr/);
  });
});

test("a test command that exits 0 but whose output has no tests is not ok, and says so", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ run: "echo 'no test files found'", parse: "tap" }), { cwd: dir, env: childEnv() });
    assert.equal(outcome.ok, false);
    assert.deepEqual(Object.keys(outcome.metrics).sort(), ["tests.duration_s", "tests.exit_code"]);
    assert.match(outcome.log, /parse 'tap' found nothing: no TAP in the output.*left out/);
  });
});

test("a regex layer measures a number from the command's output", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(
      layer({ name: "coverage", run: "echo 'Lines: 50%'; echo 'Lines: 87.5%'", parse: "regex", pattern: String.raw`Lines: (?<lines>[\d.]+)%` }),
      { cwd: dir, env: childEnv() },
    );
    assert.equal(outcome.ok, true, outcome.log);
    assert.equal(outcome.metrics["coverage.lines"], 87.5);
  });
});

test("a json layer with a field missing keeps the fields it found but fails", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(
      layer({ name: "bench", run: `echo warming up; echo '{"ops":1200,"ok":true}'`, parse: "json", fields: { ops: "ops", ok: "ok", p99: "latency.p99" } }),
      { cwd: dir, env: childEnv() },
    );
    assert.equal(outcome.ok, false);
    assert.equal(outcome.metrics["bench.ops"], 1200);
    assert.equal(outcome.metrics["bench.ok"], 1);
    assert.equal(outcome.metrics["bench.p99"], undefined);
    assert.match(outcome.log, /field 'latency.p99' \(for 'p99'\) is not in the JSON/);
  });
});

test("a command that outlives its timeout ends in about a second, with its children killed", async () => {
  await inTempDir(async (dir) => {
    const started = Date.now();
    const sleep = uniqueSleep(30);
    const outcome = await runLayer(layer({ name: "slow", run: `sleep ${sleep} & wait`, timeoutSeconds: 1 }), { cwd: dir, env: childEnv() });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 4000, `took ${elapsed}ms`);
    assert.equal(outcome.ok, false);
    assert.equal(outcome.exitCode, null);
    assert.equal(outcome.metrics["slow.exit_code"], -1);
    assert.equal(outcome.metrics["slow.ok"], 0);
    assert.match(outcome.log, /timed out after 1s/);
    assert.deepEqual(pidsWithArgument(sleep), [], "the background sleep still runs");
  });
});

test("a timed-out test run is not parsed, so a partial run cannot look complete", async () => {
  await inTempDir(async (dir) => {
    const outcome = await runLayer(layer({ run: "printf '1..1\\nok 1 - first\\n'; sleep 30", parse: "tap", timeoutSeconds: 1 }), { cwd: dir, env: childEnv() });
    assert.equal(outcome.ok, false);
    assert.equal(outcome.metrics["tests.pass_ratio"], undefined);
    assert.match(outcome.log, /not parsed because the command did not finish/);
  });
});

test("aborting the signal stops the command and throws an AbortError", async () => {
  await inTempDir(async (dir) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    await assert.rejects(
      runLayer(layer({ run: "sleep 30" }), { cwd: dir, env: childEnv(), signal: controller.signal }),
      (error: Error) => error.name === "AbortError",
    );
    assert.ok(Date.now() - started < 4000);
  });
});

test("a worktree that does not exist fails the layer with the reason", async () => {
  const outcome = await runLayer(layer({ run: "true" }), { cwd: join(tmpdir(), "setpoint-no-such-dir-4242"), env: childEnv() });
  assert.equal(outcome.ok, false);
  assert.equal(outcome.metrics["tests.exit_code"], -1);
  assert.match(outcome.log, /could not start 'true'/);
});

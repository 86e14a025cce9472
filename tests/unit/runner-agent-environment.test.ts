import { test } from "node:test";
import assert from "node:assert/strict";
import { agentEnvironment } from "../../server/runner/agent-environment";
import { goalSpecSchema } from "../../server/spec/goal-spec";

const RUNNER = {
  PATH: "/usr/bin",
  HOME: "/home/runner",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  TMPDIR: "/tmp/x",
  AWS_SECRET_ACCESS_KEY: "cloud",
  NPM_TOKEN: "npm",
  DATABASE_URL: "postgres://setpoint",
  SETPOINT_SECRET_KEY: "key",
  NODE_TEST_CONTEXT: "child",
} as unknown as NodeJS.ProcessEnv;

test("commands see the base set, what env.pass lists and the goal's secrets; nothing else of the runner's environment", () => {
  const env = agentEnvironment(["NPM_TOKEN", "NOT_SET_ON_RUNNER"], { API_TOKEN: "from-secret" }, RUNNER);
  assert.deepEqual(env, {
    PATH: "/usr/bin",
    HOME: "/home/runner",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    TMPDIR: "/tmp/x",
    NPM_TOKEN: "npm",
    API_TOKEN: "from-secret",
  });
});

test("Setpoint's own credentials never pass, even when a stored spec lists them", () => {
  const env = agentEnvironment(["DATABASE_URL", "SETPOINT_SECRET_KEY", "NODE_TEST_CONTEXT"], {}, RUNNER);
  assert.equal(env.DATABASE_URL, undefined);
  assert.equal(env.SETPOINT_SECRET_KEY, undefined);
  assert.equal(env.NODE_TEST_CONTEXT, undefined);
});

test("a spec that lists one of Setpoint's credentials in env.pass is refused, naming the entry", () => {
  const parsed = goalSpecSchema.safeParse({
    intent: "x",
    workspace: { repo: "/tmp/r" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
    env: { pass: ["NPM_TOKEN", "DATABASE_URL"] },
  });
  assert.equal(parsed.success, false);
  const issue = parsed.error!.issues[0];
  assert.deepEqual(issue.path, ["env", "pass", 1]);
  assert.match(issue.message, /Setpoint's own credentials/);
});

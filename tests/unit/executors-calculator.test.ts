import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { agentSchema, goalManifestSchema } from "../../server/spec/goal-spec";
import { runProcess } from "../../server/process/run-process";
import { runAgent } from "../../server/executors/run-agent";
import type { AgentRequest } from "../../server/executors/types";

// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const EXAMPLES = path.resolve(import.meta.dirname, "../../examples");
const AGENTS = path.resolve(import.meta.dirname, "../fixtures/agents");
const TEST_FILE = "test/calculator.test.js";
const SOURCE_FILE = "src/calculator.js";
const PROMPT = "Make every test pass and the linter happy without editing the tests.";

type Measured = { passed: number; failed: number; lintOk: boolean };

// A fresh git repository holding examples/calculator, as a runner's worktree would.
async function sampleRepo(): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-calculator-")));
  await cp(path.join(EXAMPLES, "calculator"), dir, { recursive: true });
  const init = await sh(
    "git init -q -b main && git add -A && git -c user.name=demo -c user.email=demo@example.com -c commit.gpgsign=false commit -q -m sample",
    dir,
  );
  assert.equal(init.exitCode, 0, init.output);
  return dir;
}

// Without NODE_TEST_CONTEXT: under `tsx --test` it would make the sample's own `node --test` report to us, not print TAP.
const { NODE_TEST_CONTEXT: _, ...ENV } = process.env;

function sh(command: string, cwd: string) {
  return runProcess({ command, cwd, env: { ...ENV, npm_config_update_notifier: "false" }, timeoutMs: 60_000 });
}

// What the goal's layers measure: TAP ok / not ok lines from `npm test`, and the linter's exit code.
async function measure(cwd: string): Promise<Measured> {
  const tests = await sh("npm test --silent", cwd);
  const lint = await sh("npm run lint --silent", cwd);
  return {
    passed: (tests.stdout.match(/^ok \d+/gm) ?? []).length,
    failed: (tests.stdout.match(/^not ok \d+/gm) ?? []).length,
    lintOk: lint.exitCode === 0,
  };
}

const converged = (m: Measured) => m.failed === 0 && m.passed > 0 && m.lintOk;
const score = (m: Measured) => m.passed + (m.lintOk ? 1 : 0);

function request(cwd: string, iteration: number, extra: Partial<AgentRequest> = {}): AgentRequest {
  return { cwd, prompt: PROMPT, goal: "demo-calculator", iteration, env: childEnv({ PATH: process.env.PATH }), ...extra };
}

const demoAgent = agentSchema.parse({ executor: "demo", timeoutSeconds: 60 });
const commandAgent = (script: string, env: Record<string, string> = {}) => agentSchema.parse({ executor: "command", command: path.join(AGENTS, script), env });

test("the demo agent fixes the sample calculator until tests and lint pass, in 3 to 5 runs, never touching the tests", async () => {
  const cwd = await sampleRepo();
  const testsBefore = await readFile(path.join(cwd, TEST_FILE), "utf8");
  const history = [await measure(cwd)];
  assert.equal(converged(history[0]), false, "the sample must start broken");

  let runs = 0;
  while (!converged(history.at(-1)!) && runs < 8) {
    runs += 1;
    const result = await runAgent(demoAgent, request(cwd, runs));
    assert.equal(result.ok, true, result.error ?? "");
    assert.equal(result.costUsd, 0.01);
    assert.match(result.finalText, /^\[demo agent\] fixed src\/calculator\.js: /m);
    assert.match(result.finalText, /^\[demo agent\] pretend cost: \$0\.01 \(demo only/m);
    history.push(await measure(cwd));
    assert.ok(score(history.at(-1)!) > score(history.at(-2)!), `run ${runs} made no measurable progress: ${JSON.stringify(history)}`);
  }

  assert.equal(converged(history.at(-1)!), true, JSON.stringify(history));
  assert.ok(runs >= 3 && runs <= 5, `converged in ${runs} runs`);
  assert.equal(await readFile(path.join(cwd, TEST_FILE), "utf8"), testsBefore);
  assert.equal((await sh("git status --porcelain -- test", cwd)).stdout, "");

  const fixed = await readFile(path.join(cwd, SOURCE_FILE), "utf8");
  const extra = await runAgent(demoAgent, request(cwd, runs + 1));
  assert.equal(extra.ok, true);
  assert.match(extra.finalText, /^\[demo agent\] nothing left that I know how to fix$/m);
  assert.equal(await readFile(path.join(cwd, SOURCE_FILE), "utf8"), fixed);
});

test("the demo agent says it read a reviewer's rejection in its prompt", async () => {
  const cwd = await sampleRepo();
  const prompt = `${PROMPT}\n\nRejected by alice: divide should name the problem in its error.\n`;
  const result = await runAgent(demoAgent, request(cwd, 2, { prompt }));
  assert.match(result.finalText, /^\[demo agent\] I read the reviewer's note: Rejected by alice: divide should name the problem in its error\.$/m);
});

test("the demo goal manifest is a valid Goal", async () => {
  const manifest = goalManifestSchema.safeParse(YAML.parse(await readFile(path.join(EXAMPLES, "calculator-goal.yaml"), "utf8")));
  assert.equal(manifest.success, true, manifest.error?.message);
  assert.equal(manifest.data?.spec.agent.executor, "demo");
  assert.deepEqual(
    manifest.data?.spec.evaluation.layers.map((layer) => layer.name),
    ["tests", "lint", "guard"],
  );
});

test("stand-in claims-done changes nothing however sure it sounds", async () => {
  const cwd = await sampleRepo();
  const before = await measure(cwd);
  const result = await runAgent(commandAgent("claims-done.sh"), request(cwd, 1));
  assert.equal(result.ok, true);
  assert.equal(result.finalText, "All done! Every test passes now.\n");
  assert.equal((await sh("git status --porcelain", cwd)).stdout, "");
  assert.deepEqual(await measure(cwd), before);
});

test("stand-in edits-tests makes the tests pass only by rewriting the forbidden test file", async () => {
  const cwd = await sampleRepo();
  await runAgent(commandAgent("edits-tests.sh"), request(cwd, 1));
  assert.equal((await sh("git status --porcelain", cwd)).stdout, ` M ${TEST_FILE}\n`);
  const after = await measure(cwd);
  assert.equal(after.failed, 0);
  assert.ok(after.passed > 0);
});

test("stand-in regresses fixes, then breaks a passing function, then fixes everything", async () => {
  const cwd = await sampleRepo();
  const baseline = await measure(cwd);
  const passed: number[] = [];
  for (const iteration of [1, 2, 3]) {
    const result = await runAgent(commandAgent("regresses.mjs"), request(cwd, iteration));
    assert.equal(result.ok, true, result.error ?? "");
    passed.push((await measure(cwd)).passed);
  }
  assert.deepEqual(passed, [baseline.passed + 1, baseline.passed, baseline.passed + baseline.failed]);
  assert.equal(converged(await measure(cwd)), true);
});

test("stand-in fails exits 1 with its reason on stderr", async () => {
  const result = await runAgent(commandAgent("fails.sh"), request(await sampleRepo(), 1));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 1);
  assert.equal(result.finalText, "");
  assert.match(result.output, /I cannot work on this repository/);
});

test("stand-in echo-prompt prints its prompt and logs it per iteration to PROMPT_LOG", async () => {
  const cwd = await sampleRepo();
  const log = path.join(await realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-log-"))), "prompts.log");
  await runAgent(commandAgent("echo-prompt.sh", { PROMPT_LOG: log }), request(cwd, 1, { prompt: "first prompt" }));
  const result = await runAgent(commandAgent("echo-prompt.sh", { PROMPT_LOG: log }), request(cwd, 2, { prompt: "second prompt\nwith two lines" }));
  assert.equal(result.finalText, "second prompt\nwith two lines\n");
  assert.equal(await readFile(log, "utf8"), "=== iteration 1 ===\nfirst prompt\n=== iteration 2 ===\nsecond prompt\nwith two lines\n");
  assert.equal((await sh("git status --porcelain", cwd)).stdout, "");
});

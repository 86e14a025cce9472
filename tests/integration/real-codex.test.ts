// The real Codex CLI (the pinned @openai/codex of scripts/install-agent-clis.sh) run by the real runner
// against a scripted OpenAI Responses server: set up only through agent.baseUrl, agent.model and a goal
// secret, it fixes a failing test with its own apply_patch and the goal converges, with the tokens Codex
// printed recorded exactly; an API error, a change it could not make, and a timeout read as what they are;
// and the same goal converges under `sandbox: bwrap`.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { runAgent } from "../../server/executors/run-agent";
import { toIterationObject } from "../../server/goals/goal-object";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { agentSchema } from "../../server/spec/goal-spec";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { startOpenAiResponsesServer } from "../support/scripted-model/openai-responses";
import { callTool, failWith, say, usage } from "../support/scripted-model/script";
import type { ScriptedServer } from "../support/scripted-model/server";
import { runSumGoal, scriptedServers, SUM_FILES, sumSpec } from "../support/sum-goal";

const CODEX = agentCli("codex");
// A model Codex knows: with an unknown name it warns and offers fallback tools without apply_patch.
const MODEL = "gpt-5.5";
const KEY = "sk-scripted-codex-key";
// Tests only: a failing call fails at once instead of retrying for seconds.
const NO_RETRIES = ["-c", "model_providers.setpoint.stream_max_retries=0", "-c", "model_providers.setpoint.request_max_retries=0"];
const FIX = "*** Begin Patch\n*** Update File: sum.js\n@@\n-module.exports = (a, b) => a - b;\n+module.exports = (a, b) => a + b;\n*** End Patch\n";

let harness: Harness;
const servers = scriptedServers(startOpenAiResponsesServer);
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await servers.closeAll();
  await harness.close();
});

const codexAgent = (server: ScriptedServer, agent: Record<string, unknown> = {}) => ({
  executor: "codex",
  command: CODEX,
  model: MODEL,
  baseUrl: `${server.url}/v1`,
  args: NO_RETRIES,
  ...agent,
});
const runWithKey = (name: string, server: ScriptedServer, agent: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  runSumGoal(harness, name, (repo) => sumSpec(repo, codexAgent(server, agent), extra), { name: "OPENAI_API_KEY", value: KEY });

test("codex fixes a failing test with apply_patch through agent.baseUrl and a goal secret; the goal converges with the tokens codex printed", async () => {
  const server = await servers.serve([callTool("apply_patch", { input: FIX }, usage(1200, 80)), say("Fixed sum.js: it adds now.", usage(1500, 20))]);
  const { goal, iteration, said } = await runWithKey("codex-converges", server);
  assert.equal(goal.phase, "Converged", said);
  assert.equal(iteration.agentError, null);
  assert.match(iteration.diff, /\+module\.exports = \(a, b\) => a \+ b;/);
  // Exactly the usage the script reported, summed over the two model calls, as codex printed it.
  assert.equal(iteration.tokensIn, 2700);
  assert.equal(iteration.tokensOut, 100);
  assert.match(iteration.agentOutput, /"type":"turn.completed","usage":\{"input_tokens":2700,[^}]*"output_tokens":100/);
  assert.equal(iteration.costUsd, 0, "Codex reports no cost");
  assert.equal(toIterationObject(iteration).costKnown, false, "shown as unknown, not as $0");

  assert.equal(server.requests.length, 2);
  const first = server.requests[0];
  assert.equal(first.url, "/v1/responses");
  assert.equal(first.headers.authorization, `Bearer ${KEY}`);
  assert.equal((first.body as { model: string }).model, MODEL);
  assert.match(JSON.stringify(first.body), /Make sum\.js add its arguments/);
  // Its state went to the goal's own home, not the runner's.
  const home = path.join(harness.workDir, "homes", goal.id);
  assert.ok(fs.readdirSync(path.join(home, ".codex")).length > 0, "CODEX_HOME in the goal's home holds codex's state");
});

test("an HTTP 400 from the model API fails the iteration saying the API refused codex's request, and why", async () => {
  const server = await servers.serve([failWith(400, "The model `gpt-5.5` does not exist or you do not have access to it.")]);
  const { goal, iteration, said } = await runWithKey("codex-400", server);
  assert.equal(goal.phase, "Failed", said);
  assert.equal(
    iteration.agentError,
    "the model API refused codex's request (invalid_request_error): The model `gpt-5.5` does not exist or you do not have access to it.",
  );
  assert.equal(server.requests.length, 1, "a 400 is not retried");
});

test("a codex run past agent.timeoutSeconds is stopped and fails the iteration as a timeout", async () => {
  const server = await servers.serve([callTool("exec_command", { cmd: "sleep 60", yield_time_ms: 30_000 }, usage(10, 1))]);
  const { goal, iteration, said } = await runWithKey("codex-timeout", server, { timeoutSeconds: 8 });
  assert.equal(goal.phase, "Failed", said);
  assert.equal(iteration.agentError, "codex timed out after 8s");
});

test("a file change codex could not make is a denial in its transcript, not a silent success", async () => {
  // What the issue found: a CODEX_HOME under TMPDIR makes Codex refuse its helpers, and every change fails
  // while it exits 0 with turn.completed. Set up by hand here; Setpoint's own CODEX_HOME avoids it.
  const server = await servers.serve([callTool("apply_patch", { input: FIX }, usage(100, 10)), say("Done.", usage(120, 5))]);
  const repo = await harness.gitRepo("codex-denied", SUM_FILES);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-codex-scratch-"));
  const agent = agentSchema.parse({
    executor: "codex",
    command: CODEX,
    model: MODEL,
    baseUrl: `${server.url}/v1`,
    args: NO_RETRIES,
    env: { CODEX_HOME: path.join(scratch, "codex-home"), TMPDIR: scratch },
  });
  try {
    const result = await runAgent(agent, {
      cwd: repo,
      prompt: "Fix sum.js",
      goal: "codex-denied",
      iteration: 1,
      env: { PATH: process.env.PATH, HOME: scratch, OPENAI_API_KEY: KEY } as unknown as NodeJS.ProcessEnv,
    });
    assert.equal(result.ok, true, result.error ?? "");
    assert.equal(fs.readFileSync(path.join(repo, "sum.js"), "utf8"), "module.exports = (a, b) => a - b;\n", "nothing changed");
    assert.deepEqual(result.transcript?.denials, [{ tool: "apply_patch", summary: "could not change sum.js" }]);
    assert.deepEqual(result.transcript?.filesTouched, []);
    assert.ok(result.transcript?.sessionId, "the thread id is recorded");
    assert.equal(result.transcript?.resumeCommand, `cd ${repo} && CODEX_HOME=${path.join(scratch, "codex-home")} codex resume ${result.transcript?.sessionId}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

const noBwrap = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
test("under sandbox: bwrap codex converges the goal too, its CODEX_HOME writable in the goal's home", { skip: noBwrap ?? false }, async () => {
  const server = await servers.serve([callTool("apply_patch", { input: FIX }, usage(900, 60)), say("Fixed.", usage(1000, 10))]);
  const { goal, iteration, said } = await runWithKey("codex-bwrap", server, {}, { sandbox: "bwrap", network: true });
  assert.equal(goal.phase, "Converged", said);
  assert.equal(iteration.tokensIn, 1900);
  assert.equal(iteration.tokensOut, 70);
});

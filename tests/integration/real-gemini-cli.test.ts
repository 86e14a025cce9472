// The real Gemini CLI (the pinned @google/gemini-cli of scripts/install-agent-clis.sh) run by the real runner
// against a scripted Gemini API server: set up only through agent.baseUrl, agent.model and a GEMINI_API_KEY
// goal secret, it edits the failing code with its own `replace` tool (its shell tool refused under
// permissions: edit) and the goal converges with the tokens it printed; an HTTP 400 reads as the API refusing
// the request; and under sandbox: bwrap it converges too, its state in the goal's own HOME.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { toIterationObject } from "../../server/goals/goal-object";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { declaredFunctions, startGeminiServer } from "../support/scripted-model/gemini";
import { callTool, failWith, say, usage } from "../support/scripted-model/script";
import type { ScriptedServer } from "../support/scripted-model/server";
import { runSumGoal, scriptedServers, sumSpec } from "../support/sum-goal";

const GEMINI = agentCli("gemini");
const MODEL = "gemini-2.5-pro";
const KEY = "scripted-gemini-key";
const FIX = { file_path: "sum.js", old_string: "a - b", new_string: "a + b", instruction: "add instead of subtracting" };

let harness: Harness;
const servers = scriptedServers(startGeminiServer);
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await servers.closeAll();
  await harness.close();
});

const geminiAgent = (server: ScriptedServer, agent: Record<string, unknown> = {}) => ({
  executor: "gemini-cli",
  command: GEMINI,
  model: MODEL,
  baseUrl: server.url,
  ...agent,
});
const runWithKey = (name: string, server: ScriptedServer, agent: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  runSumGoal(harness, name, (repo) => sumSpec(repo, geminiAgent(server, agent), extra), { name: "GEMINI_API_KEY", value: KEY });

test("gemini-cli fixes a failing test with its replace tool through agent.baseUrl and a goal secret; its shell call is refused under permissions: edit; the goal converges with the tokens gemini printed", async () => {
  const server = await servers.serve([
    callTool("run_shell_command", { command: "node sum.test.js" }, usage(1000, 30)),
    callTool("replace", FIX, usage(1200, 50)),
    say("sum.js adds now.", usage(1500, 20)),
  ]);
  const { goal, iteration, said } = await runWithKey("gemini-converges", server);
  assert.equal(goal.phase, "Converged", said);
  assert.equal(iteration.agentError, null);
  assert.match(iteration.diff, /\+module\.exports = \(a, b\) => a \+ b;/);
  // Exactly the usage the script reported, summed over the three model calls, as gemini printed it.
  assert.equal(iteration.tokensIn, 3700);
  assert.equal(iteration.tokensOut, 100);
  assert.match(
    iteration.agentOutput,
    /"type":"result","timestamp":"[^"]+","status":"success","stats":\{"total_tokens":3800,"input_tokens":3700,"output_tokens":100/,
  );
  assert.equal(iteration.costUsd, 0, "Gemini CLI prints no cost");
  assert.equal(toIterationObject(iteration).costKnown, false, "shown as unknown, not as $0");
  // Under permissions: edit the shell tool is not even offered, and the call was refused.
  assert.match(iteration.agentOutput, /"tool_name":"run_shell_command"[^\n]*\n[^\n]*"status":"error"[^\n]*"tool_not_registered"/);

  assert.equal(server.requests.length, 3, "no routing call to another model: -m names it");
  const first = server.requests[0];
  assert.equal(first.url, `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`);
  assert.equal(first.headers["x-goog-api-key"], KEY);
  assert.match(JSON.stringify(first.body), /Make sum\.js add its arguments/);
  assert.ok(declaredFunctions(first).includes("replace"));
  assert.ok(!declaredFunctions(first).includes("run_shell_command"));
  // Signed in by the API key through the goal's own settings, with usage statistics off.
  const settings = JSON.parse(fs.readFileSync(path.join(harness.workDir, "homes", goal.id, ".gemini/settings.json"), "utf8"));
  assert.equal(settings.security.auth.selectedType, "gemini-api-key");
  assert.equal(settings.privacy.usageStatisticsEnabled, false);
});

test("an HTTP 400 from the model API fails the iteration saying the API refused gemini's request, and why", async () => {
  const server = await servers.serve([failWith(400, "Model gemini-2.5-pro is not available to this key.")]);
  const { goal, iteration, said } = await runWithKey("gemini-400", server);
  assert.equal(goal.phase, "Failed", said);
  assert.equal(
    iteration.agentError,
    "the model API refused gemini's request with HTTP 400 (INVALID_ARGUMENT): Model gemini-2.5-pro is not available to this key.",
  );
});

const noBwrap = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
test("under sandbox: bwrap with permissions: full gemini-cli runs a command and edits, and the goal converges", { skip: noBwrap ?? false }, async () => {
  const server = await servers.serve([
    callTool("run_shell_command", { command: "node sum.test.js || echo failing > checked.txt" }, usage(900, 30)),
    callTool("replace", FIX, usage(1000, 40)),
    say("Fixed.", usage(1100, 10)),
  ]);
  const { goal, iteration, said } = await runWithKey("gemini-bwrap", server, { permissions: "full" }, { sandbox: "bwrap", network: true });
  assert.equal(goal.phase, "Converged", said);
  assert.match(iteration.diff, /checked\.txt/, "the command ran in the worktree");
  assert.equal(iteration.tokensIn, 3000);
  assert.equal(iteration.tokensOut, 80);
});

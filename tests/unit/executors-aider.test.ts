import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentSchema, type AgentSpec } from "../../server/spec/goal-spec";
import { runAgent } from "../../server/executors/run-agent";
import { parseAiderOutput } from "../../server/executors/parse-aider-output";
import type { AgentRequest } from "../../server/executors/types";

// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const STAND_IN = path.resolve(import.meta.dirname, "../fixtures/stand-ins/aider");
const PROMPT = "Fix subtract in src/calculator.js.\nIt's off: 7 - 4 gave 11.";

async function tempDir(): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-aider-")));
}

function aiderAgent(extra: Partial<AgentSpec> = {}): AgentSpec {
  return agentSchema.parse({ executor: "aider", command: STAND_IN, ...extra });
}

function request(cwd: string, env: NodeJS.ProcessEnv = childEnv({ PATH: process.env.PATH })): AgentRequest {
  return { cwd, prompt: PROMPT, goal: "fix-calculator", iteration: 4, env };
}

test("aider runs one scripted message without committing and sums the cost and tokens of every message", async () => {
  const cwd = await tempDir();
  const record = path.join(await tempDir(), "record.json");
  const result = await runAgent(aiderAgent({ model: "sonnet", env: { STAND_IN_RECORD: record } }), request(cwd));

  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(result.costUsd, 0.0493);
  assert.equal(result.tokensIn, 2300 + 12000 + 5000);
  assert.equal(result.tokensOut, 156 + 210);
  assert.match(result.finalText, /Applied edit to src\/calculator.js/);

  const call = JSON.parse(await readFile(record, "utf8"));
  assert.equal(call.message, PROMPT);
  assert.equal(call.cwd, cwd);
  for (const flag of ["--yes-always", "--no-auto-commits", "--no-dirty-commits", "--no-gitignore"]) assert.ok(call.argv.includes(flag), flag);
  assert.deepEqual(call.argv.slice(-2), ["--model", "sonnet"]);
  const historyFile = call.argv[call.argv.indexOf("--chat-history-file") + 1];
  assert.ok(!historyFile.startsWith(cwd), "aider's chat history must not be written into the worktree");
});

test("aider exiting with an error is an agent failure that shows the error", async () => {
  const result = await runAgent(aiderAgent({ env: { STAND_IN_MODE: "error" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.equal(result.error, "aider exited with code 1: litellm.AuthenticationError: AnthropicException - invalid x-api-key");
});

test("aider exiting 0 without ever reporting token usage is a failure: the model never answered", async () => {
  const result = await runAgent(aiderAgent({ env: { STAND_IN_MODE: "no-usage" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 0);
  assert.match(result.error ?? "", /^aider printed no "Tokens: … sent, … received\." line, so the model never answered; it said: Retrying/);
});

test("garbage output from aider is a failure, not a success", async () => {
  const result = await runAgent(aiderAgent({ env: { STAND_IN_MODE: "garbage" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.match(result.error ?? "", /no "Tokens: … sent, … received\." line/);
});

test("without aider installed, the error says to install it or set agent.command", async () => {
  const emptyPath = await tempDir();
  const result = await runAgent(agentSchema.parse({ executor: "aider" }), request(await tempDir(), childEnv({ PATH: emptyPath })));
  assert.equal(result.error, "aider: command not found — install aider or set agent.command");
});

test("aider's abbreviated counts and optional cost are read as aider prints them", () => {
  const usage = parseAiderOutput(
    ["Tokens: 116 sent, 30 received.", "Tokens: 1.5M sent, 2.1k cache write, 9.9k cache hit, 1.2k received. Cost: $0.00012 message, $0.00012 session."].join(
      "\n",
    ),
  );
  assert.deepEqual(usage, { messages: 2, costUsd: 0.00012, tokensIn: 116 + 1_500_000 + 9900, tokensOut: 30 + 1200 });
});

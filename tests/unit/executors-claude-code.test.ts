import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentSchema, type AgentSpec } from "../../server/spec/goal-spec";
import { runAgent } from "../../server/executors/run-agent";
import { parseClaudeResult } from "../../server/executors/parse-claude-result";
import type { AgentRequest } from "../../server/executors/types";

// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const STAND_IN = path.resolve(import.meta.dirname, "../fixtures/stand-ins/claude");
const PROMPT = "Make tests.pass_ratio reach 1.";

async function tempDir(): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-claude-")));
}

function claudeAgent(extra: Partial<AgentSpec> = {}): AgentSpec {
  return agentSchema.parse({ executor: "claude-code", command: STAND_IN, ...extra });
}

function request(cwd: string, env: NodeJS.ProcessEnv = childEnv({ PATH: process.env.PATH })): AgentRequest {
  return { cwd, prompt: PROMPT, goal: "fix-calculator", iteration: 2, env };
}

test("claude-code runs claude headless with edits allowed, streaming its events, and reads text, cost and tokens from its result object", async () => {
  const cwd = await tempDir();
  const record = path.join(await tempDir(), "record.json");
  const agent = claudeAgent({ model: "claude-sonnet-4-5", args: ["--max-turns", "30"], env: { STAND_IN_RECORD: record } });
  const result = await runAgent(agent, request(cwd));

  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(result.finalText, `Fixed the failing test. (prompt was ${PROMPT.length} characters)`);
  assert.equal(result.costUsd, 0.0421);
  assert.equal(result.tokensIn, 1200 + 300 + 5000);
  assert.equal(result.tokensOut, 450);

  const call = JSON.parse(await readFile(record, "utf8"));
  assert.deepEqual(call.argv, [
    "-p",
    "--output-format",
    "stream-json",
    "--verbose",
    "--permission-mode",
    "acceptEdits",
    "--model",
    "claude-sonnet-4-5",
    "--max-turns",
    "30",
  ]);
  assert.equal(call.stdin, PROMPT);
  assert.equal(call.cwd, cwd);
  assert.equal(call.env.SETPOINT_ITERATION, "2");
});

test("a result with is_error is an agent failure carrying claude's message", async () => {
  const result = await runAgent(claudeAgent({ env: { STAND_IN_MODE: "error" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 1);
  assert.equal(result.error, "claude reported an error: Credit balance is too low");
});

test("output that is not claude's JSON result is a failure that says what was expected", async () => {
  const result = await runAgent(claudeAgent({ env: { STAND_IN_MODE: "garbage" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 0);
  assert.match(
    result.error ?? "",
    /^claude printed no result object \(expected the last line of `claude -p --output-format stream-json`\); it said: <html>not json<\/html>$/,
  );
});

test("without Claude Code installed, the error says to install it or set agent.command", async () => {
  const emptyPath = await tempDir();
  const result = await runAgent(agentSchema.parse({ executor: "claude-code" }), request(await tempDir(), childEnv({ PATH: emptyPath })));
  assert.equal(result.ok, false);
  assert.equal(result.error, "claude: command not found — install Claude Code or set agent.command");
});

test("agent.command pointing at a missing file names that file in the error", async () => {
  const result = await runAgent(claudeAgent({ command: "/opt/nowhere/claude" }), request(await tempDir()));
  assert.equal(result.error, "/opt/nowhere/claude: command not found — install Claude Code or set agent.command");
});

test("the result object is also found as the last line of stream-json output", () => {
  const streamed = [
    JSON.stringify({ type: "system", subtype: "init", session_id: "s" }),
    JSON.stringify({ type: "assistant", message: { content: [{ type: "text", text: "working" }] } }),
    JSON.stringify({
      type: "result",
      subtype: "error_max_turns",
      is_error: false,
      result: "",
      total_cost_usd: 0.5,
      usage: { input_tokens: 10, output_tokens: 5 },
    }),
  ].join("\n");
  const parsed = parseClaudeResult(streamed);
  assert.deepEqual(parsed, {
    isError: true,
    subtype: "error_max_turns",
    text: "",
    costUsd: 0.5,
    tokensIn: 10,
    tokensOut: 5,
    apiErrorStatus: null,
    apiErrorType: null,
    errors: [],
  });
});

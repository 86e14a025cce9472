import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentSchema, type AgentSpec } from "../../server/spec/goal-spec";
import { runAgent } from "../../server/executors/run-agent";
import { parseCodexEvents } from "../../server/executors/parse-codex-events";
import type { AgentRequest } from "../../server/executors/types";

// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const STAND_IN = path.resolve(import.meta.dirname, "../fixtures/stand-ins/codex");
const PROMPT = "Make lint.ok reach 1.";

async function tempDir(): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-codex-")));
}

function codexAgent(extra: Partial<AgentSpec> = {}): AgentSpec {
  return agentSchema.parse({ executor: "codex", command: STAND_IN, ...extra });
}

function request(cwd: string, env: NodeJS.ProcessEnv = childEnv({ PATH: process.env.PATH })): AgentRequest {
  return { cwd, prompt: PROMPT, goal: "fix-calculator", iteration: 1, env };
}

test("codex runs `codex exec --json` with workspace writes, the prompt on stdin, and reads the last agent message and tokens", async () => {
  const cwd = await tempDir();
  const record = path.join(await tempDir(), "record.json");
  const result = await runAgent(codexAgent({ model: "gpt-5-codex", env: { STAND_IN_RECORD: record } }), request(cwd));

  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(result.finalText, `Fixed subtract. (prompt was ${PROMPT.length} characters)`);
  assert.equal(result.tokensIn, 24763);
  assert.equal(result.tokensOut, 122);
  assert.equal(result.costUsd, 0);

  const call = JSON.parse(await readFile(record, "utf8"));
  assert.deepEqual(call.argv, ["exec", "--json", "--sandbox", "workspace-write", "--model", "gpt-5-codex", "-"]);
  assert.equal(call.stdin, PROMPT);
  assert.equal(call.cwd, cwd);
});

test("a turn.failed event is an agent failure carrying codex's message", async () => {
  const result = await runAgent(codexAgent({ env: { STAND_IN_MODE: "error" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.equal(result.error, "codex reported an error: model response stream ended unexpectedly");
});

test("output with no codex events is a failure that says what was expected", async () => {
  const result = await runAgent(codexAgent({ env: { STAND_IN_MODE: "garbage" } }), request(await tempDir()));
  assert.equal(result.ok, false);
  assert.match(result.error ?? "", /^codex printed no JSONL events \(expected `codex exec --json`\); it said: thread 'main' panicked/);
});

test("without Codex installed, the error says to install it or set agent.command", async () => {
  const emptyPath = await tempDir();
  const result = await runAgent(agentSchema.parse({ executor: "codex" }), request(await tempDir(), childEnv({ PATH: emptyPath })));
  assert.equal(result.ok, false);
  assert.equal(result.error, "codex: command not found — install Codex CLI or set agent.command");
});

test("an error event followed by a completed turn was a retry, but one left unanswered is a failure", () => {
  const events = (...lines: object[]) => lines.map((line) => JSON.stringify(line)).join("\n");
  const retried = parseCodexEvents(events({ type: "error", message: "Reconnecting... 1/5" }, { type: "turn.completed", usage: { input_tokens: 5, cached_input_tokens: 2, output_tokens: 1 } }));
  assert.equal(retried.error, null);
  assert.equal(retried.completed, true);
  const unanswered = parseCodexEvents(events({ type: "turn.started" }, { type: "error", message: "stream error: broken pipe" }));
  assert.equal(unanswered.error, "stream error: broken pipe");
  assert.equal(unanswered.completed, false);
});

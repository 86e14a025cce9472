import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentSchema, type AgentSpec } from "../../server/spec/goal-spec";
import { runAgent } from "../../server/executors/run-agent";
import { parseCodexEvents } from "../../server/executors/parse-codex-events";
import { codexArgs, codexEnv, codexError } from "../../server/executors/run-codex";
import { codexTranscript } from "../../server/executors/codex-transcript";
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

test("codex runs `codex exec --json` with workspace writes, plugins and analytics off, the prompt on stdin, and reads the last agent message, tokens and thread", async () => {
  const cwd = await tempDir();
  const record = path.join(await tempDir(), "record.json");
  const result = await runAgent(codexAgent({ model: "gpt-5-codex", env: { STAND_IN_RECORD: record } }), request(cwd));

  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(result.finalText, `Fixed subtract. (prompt was ${PROMPT.length} characters)`);
  assert.equal(result.tokensIn, 24763);
  assert.equal(result.tokensOut, 122);
  assert.equal(result.costUsd, 0);

  const call = JSON.parse(await readFile(record, "utf8"));
  assert.deepEqual(call.argv, [
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--sandbox",
    "workspace-write",
    "--model",
    "gpt-5-codex",
    "-c",
    "analytics.enabled=false",
    "--disable",
    "plugins",
    "-",
  ]);
  assert.equal(call.stdin, PROMPT);
  assert.equal(call.cwd, cwd);
  assert.equal(result.transcript?.sessionId, "0199a213-81c0-7800-8aa1-bbab2a035a53");
  assert.deepEqual(result.transcript?.filesTouched, ["src/calculator.js"]);
  assert.deepEqual(result.transcript?.commandsRun, ["npm test"]);
});

test("agent.baseUrl becomes Codex's own model provider keyed by OPENAI_API_KEY; permissions: full drops the sandbox", () => {
  const args = codexArgs(
    agentSchema.parse({
      executor: "codex",
      baseUrl: "https://llm.example.com/v1",
      permissions: "full",
      args: ["-c", "model_providers.setpoint.stream_max_retries=0"],
    }),
  );
  assert.deepEqual(args, [
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--sandbox",
    "danger-full-access",
    "-c",
    "analytics.enabled=false",
    "--disable",
    "plugins",
    "-c",
    'model_provider="setpoint"',
    "-c",
    'model_providers.setpoint.name="agent.baseUrl"',
    "-c",
    'model_providers.setpoint.base_url="https://llm.example.com/v1"',
    "-c",
    'model_providers.setpoint.env_key="OPENAI_API_KEY"',
    "-c",
    'model_providers.setpoint.wire_api="responses"',
    "-c",
    "model_providers.setpoint.stream_max_retries=0",
    "-",
  ]);
});

test("CODEX_HOME is the goal's HOME/.codex; under the temporary folder, Codex gets a temporary folder of its own beside it", () => {
  assert.deepEqual(codexEnv({ env: childEnv({ HOME: "/srv/work/homes/g" }) }, "/srv/work/homes/g/.codex"), { CODEX_HOME: "/srv/work/homes/g/.codex" });
  assert.deepEqual(codexEnv({ env: childEnv({ HOME: "/tmp/w/homes/g" }) }, "/tmp/w/homes/g/.codex"), {
    CODEX_HOME: "/tmp/w/homes/g/.codex",
    TMPDIR: "/tmp/w/homes/g/.codex-tmp",
  });
  assert.deepEqual(codexEnv({ env: childEnv({ TMPDIR: "/scratch" }) }, "/scratch/g/.codex"), {
    CODEX_HOME: "/scratch/g/.codex",
    TMPDIR: "/scratch/g/.codex-tmp",
  });
  // Under bwrap the temporary folder is /tmp whatever the runner's TMPDIR says.
  assert.deepEqual(codexEnv({ env: childEnv({ TMPDIR: "/scratch" }), sandbox: { network: true, writable: [] } }, "/tmp/w/.codex"), {
    CODEX_HOME: "/tmp/w/.codex",
    TMPDIR: "/tmp/w/.codex-tmp",
  });
});

test("an API error reads as the model API refusing the request, with its message", () => {
  assert.equal(
    codexError('{"error":{"message":"model not allowed","type":"invalid_request_error"}}'),
    "the model API refused codex's request (invalid_request_error): model not allowed",
  );
  assert.equal(codexError("stream disconnected"), "codex reported an error: stream disconnected");
});

test("a failed file_change and a patch Codex rejected are denials in the transcript; the resume command names the thread and its CODEX_HOME", () => {
  const stdout = [
    { type: "thread.started", thread_id: "t-1" },
    { type: "item.completed", item: { id: "i0", type: "file_change", changes: [{ path: "/w/src/a.js", kind: "update" }], status: "failed" } },
    { type: "item.completed", item: { id: "i1", type: "file_change", changes: [{ path: "/w/src/b.js", kind: "add" }], status: "completed" } },
    { type: "turn.completed", usage: { input_tokens: 1, output_tokens: 1 } },
  ]
    .map((event) => JSON.stringify(event))
    .join("\n");
  const output = `${stdout}\n2026-12-04T22:08:21Z ERROR codex_core::tools::router: error=patch rejected: writing outside of the project; rejected by user approval settings`;
  const transcript = codexTranscript(stdout, output, "/w", "/h/.codex");
  assert.deepEqual(transcript.denials, [
    { tool: "apply_patch", summary: "could not change src/a.js" },
    { tool: "apply_patch", summary: "patch rejected: writing outside of the project; rejected by user approval settings" },
  ]);
  assert.deepEqual(transcript.filesTouched, ["src/b.js"]);
  assert.equal(transcript.resumeCommand, "cd /w && CODEX_HOME=/h/.codex codex resume t-1");
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
  const retried = parseCodexEvents(
    events({ type: "error", message: "Reconnecting... 1/5" }, { type: "turn.completed", usage: { input_tokens: 5, cached_input_tokens: 2, output_tokens: 1 } }),
  );
  assert.equal(retried.error, null);
  assert.equal(retried.completed, true);
  const unanswered = parseCodexEvents(events({ type: "turn.started" }, { type: "error", message: "stream error: broken pipe" }));
  assert.equal(unanswered.error, "stream error: broken pipe");
  assert.equal(unanswered.completed, false);
});

// Claude Code's stream-json read into what the iteration page and the next prompt show, and the
// environment and errors the adapter gives: lines below are shaped as Claude Code 2.1.332 printed them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { claudeTranscript } from "../../server/executors/claude-transcript";
import { claudeCodeEnv, claudeError } from "../../server/executors/run-claude-code";
import { parseClaudeResult } from "../../server/executors/parse-claude-result";
import { runAgent } from "../../server/executors/run-agent";
import { agentSchema } from "../../server/spec/goal-spec";

const CWD = "/work/tree";
// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;
const line = (value: unknown) => JSON.stringify(value);
const assistant = (content: unknown[]) => line({ type: "assistant", session_id: "s-1", message: { role: "assistant", content } });
const toolResult = (id: string, extra: Record<string, unknown> = {}) =>
  line({ type: "user", session_id: "s-1", message: { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: "…", ...extra }] } });

const stream = [
  line({ type: "system", subtype: "init", cwd: CWD, session_id: "s-1" }),
  assistant([
    { type: "text", text: "Reading the test first." },
    { type: "tool_use", id: "t1", name: "Read", input: { file_path: `${CWD}/src/sum.js` } },
  ]),
  toolResult("t1"),
  assistant([{ type: "tool_use", id: "t2", name: "Edit", input: { file_path: `${CWD}/src/sum.js`, old_string: "a - b", new_string: "a + b" } }]),
  toolResult("t2"),
  assistant([{ type: "tool_use", id: "t3", name: "Write", input: { file_path: "/etc/elsewhere", content: "x" } }]),
  toolResult("t3", { is_error: true }),
  assistant([{ type: "tool_use", id: "t4", name: "Bash", input: { command: "npm test", description: "run the tests" } }]),
  toolResult("t4", { is_error: true, content: "This command requires approval" }),
  line({
    type: "result",
    subtype: "success",
    is_error: false,
    session_id: "s-1",
    result: "done",
    total_cost_usd: 0.01,
    usage: { input_tokens: 1, output_tokens: 2 },
    permission_denials: [{ tool_name: "Bash", tool_use_id: "t4", tool_input: { command: "npm test", description: "run the tests" } }],
  }),
].join("\n");

test("the transcript lists steps in order, files the agent edited, and the commands its permissions denied", () => {
  const transcript = claudeTranscript(stream, CWD, "/work/homes/g/.claude");
  assert.deepEqual(
    transcript.steps.map(({ tool, summary, status }) => `${tool || "text"} ${summary} ${status}`),
    ["text Reading the test first. ok", "Read src/sum.js ok", "Edit src/sum.js ok", "Write /etc/elsewhere failed", "Bash npm test denied"],
  );
  // A failed write touched nothing; a denied command never ran.
  assert.deepEqual(transcript.filesTouched, ["src/sum.js"]);
  assert.deepEqual(transcript.commandsRun, []);
  assert.deepEqual(transcript.denials, [{ tool: "Bash", summary: "npm test" }]);
  assert.equal(transcript.sessionId, "s-1");
  assert.equal(transcript.resumeCommand, "cd /work/tree && CLAUDE_CONFIG_DIR=/work/homes/g/.claude claude --resume s-1");
});

test("an HTTP 400 from the model API reads as the API's refusal with its status and message", () => {
  const parsed = parseClaudeResult(
    line({
      type: "result",
      subtype: "success",
      is_error: true,
      api_error_status: 400,
      api_error_type: "invalid_request_error",
      result: "prompt is too long",
      total_cost_usd: 0,
      usage: {},
    }),
  )!;
  assert.equal(claudeError(parsed, ""), "the model API refused claude's request with HTTP 400 (invalid_request_error): prompt is too long");
});

test("a run past the turn limit says so with the CLI's own words", () => {
  const parsed = parseClaudeResult(
    line({ type: "result", subtype: "error_max_turns", is_error: true, errors: ["Reached maximum number of turns (1)"], total_cost_usd: 0.1, usage: {} }),
  )!;
  assert.equal(claudeError(parsed, ""), "claude stopped at its turn limit (error_max_turns): Reached maximum number of turns (1)");
});

test("claude gets the gateway address, its own config folder in the goal's home, and no nonessential traffic; IS_SANDBOX only under bwrap", () => {
  const sandbox = { network: true, writable: [CWD] };
  const edit = agentSchema.parse({ executor: "claude-code", baseUrl: "http://127.0.0.1:4000" });
  const full = agentSchema.parse({ executor: "claude-code", permissions: "full" });
  assert.deepEqual(claudeCodeEnv(edit, { env: childEnv({ HOME: "/work/homes/g" }) }), {
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CLAUDE_CONFIG_DIR: "/work/homes/g/.claude",
    ANTHROPIC_BASE_URL: "http://127.0.0.1:4000",
  });
  assert.equal(claudeCodeEnv(full, { env: childEnv({}) }).IS_SANDBOX, undefined);
  assert.equal(claudeCodeEnv(full, { env: childEnv({}), sandbox }).IS_SANDBOX, "1");
  assert.equal(claudeCodeEnv(edit, { env: childEnv({}), sandbox }).IS_SANDBOX, undefined);
});

test("permissions: full as root without a sandbox is refused before claude runs, saying what to do", {
  skip: process.getuid?.() !== 0 && "needs root",
}, async () => {
  const result = await runAgent(agentSchema.parse({ executor: "claude-code", permissions: "full", command: "/nonexistent/claude" }), {
    cwd: CWD,
    prompt: "p",
    goal: "g",
    iteration: 1,
    env: childEnv({}),
  });
  assert.equal(result.ok, false);
  assert.match(result.error ?? "", /bypassPermissions, which Claude Code refuses as root; run the goal with sandbox: bwrap/);
});

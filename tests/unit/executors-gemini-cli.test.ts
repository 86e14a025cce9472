import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runAgent } from "../../server/executors/run-agent";
import { agentSchema } from "../../server/spec/goal-spec";
import { parseGeminiStream } from "../../server/executors/parse-gemini-stream";
import { geminiArgs, geminiError } from "../../server/executors/run-gemini-cli";

const lines = (...events: object[]) => events.map((event) => JSON.stringify(event)).join("\n");

test("gemini-cli always names its model, prints stream-json, takes the prompt on stdin and never asks to trust the folder; edit auto-approves edits only, full is yolo", () => {
  const edit = agentSchema.parse({ executor: "gemini-cli", model: "gemini-2.5-pro", args: ["--debug"] });
  assert.deepEqual(geminiArgs(edit), [
    "-m",
    "gemini-2.5-pro",
    "--output-format",
    "stream-json",
    "--approval-mode",
    "auto_edit",
    "--skip-trust",
    "--debug",
    "-p",
    "",
  ]);
  const full = agentSchema.parse({ executor: "gemini-cli", model: "gemini-2.5-flash", permissions: "full" });
  assert.deepEqual(geminiArgs(full), ["-m", "gemini-2.5-flash", "--output-format", "stream-json", "--yolo", "--skip-trust", "-p", ""]);
});

test("a gemini-cli agent without a model is refused at agent.model, saying why", () => {
  const parsed = agentSchema.safeParse({ executor: "gemini-cli" });
  assert.equal(parsed.success, false);
  const issue = parsed.error!.issues[0];
  assert.deepEqual(issue.path, ["model"]);
  assert.match(issue.message, /is required when executor is 'gemini-cli'.*first asks another model/);
});

test("the stream reads into text, tokens (no cost), the session to resume, edits made, commands run, and calls the approval mode refused", () => {
  const stdout = lines(
    { type: "init", session_id: "s-1", model: "gemini-2.5-pro" },
    { type: "message", role: "user", content: "fix it" },
    { type: "message", role: "assistant", content: "Let me ", delta: true },
    { type: "message", role: "assistant", content: "look.", delta: true },
    { type: "tool_use", tool_name: "run_shell_command", tool_id: "t1", parameters: { command: "npm test" } },
    { type: "tool_result", tool_id: "t1", status: "error", error: { type: "tool_not_registered", message: 'Tool "run_shell_command" not found.' } },
    { type: "tool_use", tool_name: "replace", tool_id: "t2", parameters: { file_path: "/w/src/sum.js", old_string: "-", new_string: "+" } },
    { type: "tool_result", tool_id: "t2", status: "success" },
    { type: "tool_use", tool_name: "write_file", tool_id: "t3", parameters: { file_path: "/w/src/new.js", content: "x" } },
    { type: "tool_result", tool_id: "t3", status: "error", error: { type: "file_write_failure", message: "EACCES" } },
    { type: "message", role: "assistant", content: "Fixed.", delta: true },
    { type: "result", status: "success", stats: { total_tokens: 2800, input_tokens: 2700, output_tokens: 100, cached: 0, input: 2700 } },
  );
  const outcome = parseGeminiStream(stdout, "/w", "/h");
  assert.deepEqual(outcome.result, { ok: true, error: null });
  assert.equal(outcome.finalText, "Fixed.");
  assert.equal(outcome.tokensIn, 2700);
  assert.equal(outcome.tokensOut, 100);
  const { transcript } = outcome;
  assert.equal(transcript.resumeCommand, "cd /w && HOME=/h gemini --resume s-1");
  assert.deepEqual(
    transcript.steps.map((step) => [step.tool, step.summary, step.status]),
    [
      ["", "Let me look.", "ok"],
      ["run_shell_command", "npm test", "denied"],
      ["replace", "src/sum.js", "ok"],
      ["write_file", "src/new.js", "failed"],
      ["", "Fixed.", "ok"],
    ],
  );
  assert.deepEqual(transcript.denials, [{ tool: "run_shell_command", summary: "npm test" }]);
  assert.deepEqual(transcript.filesTouched, ["src/sum.js"]);
  assert.deepEqual(transcript.commandsRun, []);
});

test("an error result says the API's code, status and message", () => {
  const outcome = parseGeminiStream(
    lines(
      { type: "init", session_id: "s" },
      {
        type: "result",
        status: "error",
        error: { type: "unknown", message: '[API Error: {"error":{"code":400,"message":"model not allowed","status":"INVALID_ARGUMENT"}}]' },
        stats: {},
      },
    ),
    "/w",
  );
  assert.equal(outcome.result?.ok, false);
  assert.equal(geminiError(outcome.result!.error!), "the model API refused gemini's request with HTTP 400 (INVALID_ARGUMENT): model not allowed");
  assert.equal(geminiError("Reached max session turns"), "gemini reported an error: Reached max session turns");
});

test("without Gemini CLI installed, the error says to install it or set agent.command", async () => {
  const emptyPath = await mkdtemp(path.join(os.tmpdir(), "setpoint-gemini-"));
  const home = await mkdtemp(path.join(os.tmpdir(), "setpoint-gemini-home-"));
  const env = { PATH: emptyPath, HOME: home } as unknown as NodeJS.ProcessEnv;
  const result = await runAgent(agentSchema.parse({ executor: "gemini-cli", model: "gemini-2.5-pro" }), {
    cwd: emptyPath,
    prompt: "fix it",
    goal: "g",
    iteration: 1,
    env,
  });
  assert.equal(result.ok, false);
  assert.equal(result.error, "gemini: command not found — install Gemini CLI or set agent.command");
  // Its settings were written in the goal's home all the same, for the run after the install.
  assert.equal(JSON.parse(await readFile(path.join(home, ".gemini/settings.json"), "utf8")).security.auth.selectedType, "gemini-api-key");
});

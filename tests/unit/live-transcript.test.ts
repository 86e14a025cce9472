// While a CLI agent runs, the iteration page reads what it has done so far from its stream's tail: for
// every CLI executor, a tail cut mid-line included; other executors' output is not a transcript.
import assert from "node:assert/strict";
import { test } from "node:test";
import { liveTranscript } from "../../server/iterations/read-live-output";

const lines = (...events: object[]) => events.map((event) => JSON.stringify(event)).join("\n");

test("codex's events so far read as its transcript: the change it made and the one it could not", () => {
  const tail = `${lines(
    { type: "thread.started", thread_id: "th-1" },
    { type: "item.completed", item: { id: "i0", type: "file_change", changes: [{ path: "/w/src/a.js", kind: "update" }], status: "failed" } },
    { type: "item.completed", item: { id: "i1", type: "command_execution", command: "npm test", status: "completed" } },
  )}\n{"type":"item.comp`;
  const transcript = liveTranscript("codex", tail)!;
  assert.deepEqual(transcript.commandsRun, ["npm test"]);
  assert.equal(transcript.denials.length, 1);
  assert.match(transcript.denials[0].summary, /src\/a\.js/);
});

test("gemini's events so far read as its transcript: the edit it made and the shell call it was refused", () => {
  const tail = lines(
    { type: "init", session_id: "s-1", model: "gemini-2.5-pro" },
    { type: "tool_use", tool_name: "run_shell_command", tool_id: "t1", parameters: { command: "npm test" } },
    { type: "tool_result", tool_id: "t1", status: "error", error: { type: "tool_not_registered", message: "not found" } },
    { type: "tool_use", tool_name: "replace", tool_id: "t2", parameters: { file_path: "/w/src/sum.js", old_string: "-", new_string: "+" } },
    { type: "tool_result", tool_id: "t2", status: "success" },
  );
  const transcript = liveTranscript("gemini-cli", tail)!;
  assert.deepEqual(transcript.filesTouched, ["/w/src/sum.js"]);
  assert.deepEqual(
    transcript.denials.map((denial) => denial.tool),
    ["run_shell_command"],
  );
});

test("claude's stream reads live too; a command agent's output or no output is no transcript", () => {
  const tail = lines(
    { type: "system", subtype: "init", session_id: "c-1", cwd: "/w" },
    { type: "assistant", message: { content: [{ type: "tool_use", id: "u1", name: "Read", input: { file_path: "/w/a.js" } }] } },
  );
  assert.equal(liveTranscript("claude-code", tail)!.steps.length, 1);
  assert.equal(liveTranscript("command", tail), null);
  assert.equal(liveTranscript("codex", undefined), null);
  assert.equal(liveTranscript(null, tail), null);
});

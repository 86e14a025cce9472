// Reads `gemini -p … --output-format stream-json` (one JSON object a line): `init` names the session, `message`
// lines of the assistant carry its text (in deltas), `tool_use`/`tool_result` its tool calls, and the last
// line, `result`, says success or error and the token totals of every model it called. Gemini CLI prints
// no cost.
import { TRANSCRIPT_STEP_LIMIT, type AgentTranscript, type ToolDenial, type TranscriptStep } from "./agent-transcript";
import { shellQuote } from "./shell-quote";
import { fromWorktree, oneLine } from "./transcript-text";
import { numberOr0, objectOf, parseJsonEvent, type JsonEvent } from "./json-events";

export type GeminiOutcome = {
  sawEvents: boolean;
  result: { ok: boolean; error: string | null } | null; // null: no result line (it crashed or was killed)
  finalText: string; // the assistant's text after its last tool call
  tokensIn: number;
  tokensOut: number;
  transcript: AgentTranscript;
};

const EDIT_TOOLS = new Set(["replace", "write_file"]);
const SHELL_TOOLS = new Set(["run_shell_command"]);
// A call the CLI would not run under its approval mode: the tool is not offered (run_shell_command under
// auto_edit) or its policy refused it.
const DENIED_ERRORS = new Set(["tool_not_registered", "permission_denied", "policy_violation", "execution_denied"]);

// homeDir: the HOME it ran with (its sessions live in $HOME/.gemini); resuming needs the same one, in the same folder.
export function parseGeminiStream(stdout: string, cwd: string, homeDir?: string): GeminiOutcome {
  const outcome: GeminiOutcome = { sawEvents: false, result: null, finalText: "", tokensIn: 0, tokensOut: 0, transcript: emptyTranscript() };
  const { transcript } = outcome;
  const calls = new Map<string, { step: TranscriptStep; name: string; input: JsonEvent }>();
  let text = "";
  const keep = (step: TranscriptStep) => {
    if (transcript.steps.length < TRANSCRIPT_STEP_LIMIT) transcript.steps.push(step);
    else transcript.stepsLeftOut++;
  };
  const flushText = () => {
    if (text.trim()) keep({ kind: "text", tool: "", summary: oneLine(text.trim()), status: "ok" });
  };

  for (const line of stdout.split("\n")) {
    const event = parseJsonEvent(line);
    if (!event) continue;
    outcome.sawEvents = true;
    if (event.type === "init" && typeof event.session_id === "string") transcript.sessionId = event.session_id;
    if (event.type === "message" && event.role === "assistant" && typeof event.content === "string") {
      text = event.delta === true ? text + event.content : event.content;
      outcome.finalText = text;
    }
    if (event.type === "tool_use") {
      flushText();
      text = "";
      outcome.finalText = "";
      const name = String(event.tool_name ?? "tool");
      const input = objectOf(event.parameters);
      const step: TranscriptStep = { kind: "tool", tool: name, summary: summarize(name, input, cwd), status: "ok" };
      if (typeof event.tool_id === "string") calls.set(event.tool_id, { step, name, input });
      keep(step);
    }
    if (event.type === "tool_result" && typeof event.tool_id === "string") {
      const call = calls.get(event.tool_id);
      if (call) settle(call, event, transcript);
    }
    if (event.type === "result") {
      const error = objectOf(event.error);
      outcome.result =
        event.status === "success"
          ? { ok: true, error: null }
          : { ok: false, error: typeof error.message === "string" ? error.message : "gemini reported an error" };
      const stats = objectOf(event.stats);
      outcome.tokensIn = numberOr0(stats.input_tokens);
      outcome.tokensOut = numberOr0(stats.output_tokens);
    }
  }
  flushText();
  if (transcript.sessionId) transcript.resumeCommand = resumeCommand(transcript.sessionId, cwd, homeDir);
  return outcome;
}

function settle(call: { step: TranscriptStep; name: string; input: JsonEvent }, event: JsonEvent, transcript: AgentTranscript): void {
  const error = objectOf(event.error);
  if (event.status !== "success") {
    const denied = DENIED_ERRORS.has(String(error.type ?? ""));
    call.step.status = denied ? "denied" : "failed";
    if (denied) transcript.denials.push({ tool: call.name, summary: call.step.summary } satisfies ToolDenial);
  }
  // A command that failed still ran; a denied one did not. An edit counts only if it was made.
  if (SHELL_TOOLS.has(call.name) && call.step.status !== "denied") transcript.commandsRun.push(call.step.summary);
  if (EDIT_TOOLS.has(call.name) && call.step.status === "ok" && !transcript.filesTouched.includes(call.step.summary))
    transcript.filesTouched.push(call.step.summary);
}

function emptyTranscript(): AgentTranscript {
  return { sessionId: null, resumeCommand: null, steps: [], stepsLeftOut: 0, filesTouched: [], commandsRun: [], denials: [] };
}

function resumeCommand(sessionId: string, cwd: string, homeDir?: string): string {
  const home = homeDir ? `HOME=${shellQuote(homeDir)} ` : "";
  return `cd ${shellQuote(cwd)} && ${home}gemini --resume ${shellQuote(sessionId)}`;
}

function summarize(_tool: string, input: JsonEvent, cwd: string): string {
  if (typeof input.command === "string") return oneLine(input.command);
  const file = input.file_path ?? input.absolute_path ?? input.path ?? input.dir_path;
  if (typeof file === "string") return fromWorktree(file, cwd);
  if (typeof input.pattern === "string") return oneLine(input.pattern);
  if (typeof input.url === "string") return oneLine(input.url);
  return "";
}

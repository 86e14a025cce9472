// Reads Claude Code's `--output-format stream-json --verbose` lines into an AgentTranscript: assistant
// messages carry text and tool_use blocks, user messages the tool_result (is_error, or "requires
// approval" when the permission mode refused it), and the final result object the session id and
// permission_denials.
import { TRANSCRIPT_STEP_LIMIT, type AgentTranscript, type ToolDenial, type TranscriptStep } from "./agent-transcript";
import { shellQuote } from "./shell-quote";
import { fromWorktree, oneLine } from "./transcript-text";

type Json = Record<string, unknown>;

const EDIT_TOOLS = new Set(["Edit", "MultiEdit", "Write", "NotebookEdit"]);

// configDir: the CLAUDE_CONFIG_DIR it ran with, where the session is kept (resuming needs it, and the same folder).
// Without a cwd (a live tail read by the page), paths are shown relative to the folder claude's init event names,
// and no resume command is offered.
export function claudeTranscript(stdout: string, knownCwd?: string, configDir?: string): AgentTranscript {
  let cwd = knownCwd ?? "";
  const steps: TranscriptStep[] = [];
  const byToolUse = new Map<string, TranscriptStep>();
  // What each tool step would have touched or run: counted only if the CLI let it (and, for edits, it worked).
  const effects: { step: TranscriptStep; file?: string; command?: string }[] = [];
  let sessionId: string | null = null;
  let denials: ToolDenial[] = [];
  let stepsLeftOut = 0;
  const keep = (step: TranscriptStep) => {
    if (steps.length < TRANSCRIPT_STEP_LIMIT) steps.push(step);
    else stepsLeftOut++;
  };

  for (const line of stdout.split("\n")) {
    const event = parseLine(line);
    if (!event) continue;
    if (typeof event.session_id === "string") sessionId = event.session_id;
    if (event.type === "system" && event.subtype === "init" && !knownCwd && typeof event.cwd === "string") cwd = event.cwd;
    const content = contentOf(event);
    if (event.type === "assistant") {
      for (const block of content) {
        if (block.type === "text" && typeof block.text === "string" && block.text.trim())
          keep({ kind: "text", tool: "", summary: oneLine(block.text.trim()), status: "ok" });
        if (block.type !== "tool_use") continue;
        const name = String(block.name ?? "tool");
        const input = (typeof block.input === "object" && block.input !== null ? block.input : {}) as Json;
        const step: TranscriptStep = { kind: "tool", tool: name, summary: summarize(name, input, cwd), status: "ok" };
        if (typeof block.id === "string") byToolUse.set(block.id, step);
        const file = input.file_path ?? input.notebook_path;
        if (EDIT_TOOLS.has(name) && typeof file === "string") effects.push({ step, file: fromWorktree(file, cwd) });
        if (name === "Bash" && typeof input.command === "string") effects.push({ step, command: input.command });
        keep(step);
      }
    }
    if (event.type === "user") {
      for (const block of content) {
        const step = block.type === "tool_result" && typeof block.tool_use_id === "string" ? byToolUse.get(block.tool_use_id) : undefined;
        if (step && block.is_error === true) step.status = "failed";
      }
    }
    if (event.type === "result" && Array.isArray(event.permission_denials)) {
      denials = (event.permission_denials as Json[]).map((denied) => {
        const tool = String(denied.tool_name ?? "tool");
        const input = (typeof denied.tool_input === "object" && denied.tool_input !== null ? denied.tool_input : {}) as Json;
        const step = typeof denied.tool_use_id === "string" ? byToolUse.get(denied.tool_use_id) : undefined;
        if (step) step.status = "denied";
        return { tool, summary: summarize(tool, input, cwd) };
      });
    }
  }
  return {
    sessionId,
    resumeCommand: sessionId && knownCwd ? resumeCommand(sessionId, knownCwd, configDir) : null,
    steps,
    stepsLeftOut,
    filesTouched: [...new Set(effects.filter(({ step, file }) => file && step.status === "ok").map(({ file }) => file!))],
    // A command that failed still ran; a denied one did not.
    commandsRun: effects.filter(({ step, command }) => command && step.status !== "denied").map(({ command }) => command!),
    denials,
  };
}

function resumeCommand(sessionId: string, cwd: string, configDir?: string): string {
  const config = configDir ? `CLAUDE_CONFIG_DIR=${shellQuote(configDir)} ` : "";
  return `cd ${shellQuote(cwd)} && ${config}claude --resume ${shellQuote(sessionId)}`;
}

function summarize(tool: string, input: Json, cwd: string): string {
  if (tool === "Bash" && typeof input.command === "string") return oneLine(input.command);
  const file = input.file_path ?? input.notebook_path ?? input.path;
  if (typeof file === "string") return fromWorktree(file, cwd);
  if (typeof input.pattern === "string") return oneLine(input.pattern);
  if (typeof input.url === "string") return oneLine(input.url);
  if (typeof input.description === "string") return oneLine(input.description);
  return "";
}

function contentOf(event: Json): Json[] {
  const message = event.message as Json | undefined;
  return Array.isArray(message?.content) ? (message.content as Json[]) : [];
}

function parseLine(line: string): Json | null {
  const text = line.trim();
  if (!text.startsWith("{")) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

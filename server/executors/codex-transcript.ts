// Reads `codex exec --json` into an AgentTranscript: agent_message items are text, file_change items the
// files it changed (status "failed": a change it could not make, e.g. its sandbox refused the write, while
// the run still ends with turn.completed), command_execution items the commands it ran. A patch Codex itself
// refused (outside the worktree, into .git) or could not apply leaves no event, only a line on stderr
// (`codex_core::tools::router: error=patch rejected: …`), read from the run's output.
import { TRANSCRIPT_STEP_LIMIT, type AgentTranscript, type ToolDenial, type TranscriptStep } from "./agent-transcript";
import { objectOf, parseJsonEvent } from "./json-events";
import { shellQuote } from "./shell-quote";
import { fromWorktree, oneLine } from "./transcript-text";

const ROUTER_ERROR = /codex_core::tools::router: error=(.*)$/;

// codexHome: the CODEX_HOME it ran with, where the thread is kept (resuming needs the same one).
export function codexTranscript(stdout: string, output: string, cwd: string, codexHome?: string): AgentTranscript {
  const steps: TranscriptStep[] = [];
  const denials: ToolDenial[] = [];
  const filesTouched = new Set<string>();
  const commandsRun: string[] = [];
  let threadId: string | null = null;
  let stepsLeftOut = 0;
  const keep = (step: TranscriptStep) => {
    if (steps.length < TRANSCRIPT_STEP_LIMIT) steps.push(step);
    else stepsLeftOut++;
  };

  for (const line of stdout.split("\n")) {
    const event = parseJsonEvent(line);
    if (!event) continue;
    if (event.type === "thread.started" && typeof event.thread_id === "string") threadId = event.thread_id;
    if (event.type !== "item.completed") continue;
    const item = objectOf(event.item);
    if (item.type === "agent_message" && typeof item.text === "string" && item.text.trim()) {
      keep({ kind: "text", tool: "", summary: oneLine(item.text.trim()), status: "ok" });
    } else if (item.type === "file_change") {
      const files = (Array.isArray(item.changes) ? item.changes : []).map((change) => fromWorktree(String(objectOf(change).path ?? ""), cwd)).filter(Boolean);
      const ok = item.status === "completed";
      keep({ kind: "tool", tool: "apply_patch", summary: oneLine(files.join(", ")), status: ok ? "ok" : "denied" });
      if (ok) for (const file of files) filesTouched.add(file);
      else denials.push({ tool: "apply_patch", summary: oneLine(`could not change ${files.join(", ")}`) });
    } else if (item.type === "command_execution" && typeof item.command === "string") {
      const command = unwrapShell(item.command);
      keep({ kind: "tool", tool: "shell", summary: oneLine(command), status: item.status === "completed" ? "ok" : "failed" });
      commandsRun.push(command);
    }
  }
  for (const line of output.split("\n")) {
    const refused = ROUTER_ERROR.exec(line.trim())?.[1];
    if (!refused) continue;
    const denied = /^patch rejected\b/.test(refused);
    keep({ kind: "tool", tool: "apply_patch", summary: oneLine(refused), status: denied ? "denied" : "failed" });
    if (denied) denials.push({ tool: "apply_patch", summary: oneLine(refused) });
  }
  return {
    sessionId: threadId,
    resumeCommand: threadId ? resumeCommand(threadId, cwd, codexHome) : null,
    steps,
    stepsLeftOut,
    filesTouched: [...filesTouched],
    commandsRun,
    denials,
  };
}

function resumeCommand(threadId: string, cwd: string, codexHome?: string): string {
  const home = codexHome ? `CODEX_HOME=${shellQuote(codexHome)} ` : "";
  return `cd ${shellQuote(cwd)} && ${home}codex resume ${shellQuote(threadId)}`;
}

// Codex reports a command as the shell it ran it with: `/bin/bash -lc 'npm test'` reads as `npm test`.
function unwrapShell(command: string): string {
  const match = /^(?:\S*\/)?(?:ba|z)?sh -l?c '(.*)'$/s.exec(command);
  return match ? match[1].replace(/'\\''/g, "'") : command;
}

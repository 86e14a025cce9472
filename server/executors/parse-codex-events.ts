// Reads the JSONL events of `codex exec --json`: agent_message items carry the text, turn.completed the
// token usage, turn.failed and error events the failure. Codex reports no cost.
export type CodexOutcome = {
  sawEvents: boolean; // at least one line was a Codex event
  completed: boolean; // a turn.completed arrived
  error: string | null; // turn.failed, or an error event not followed by a completed turn
  finalText: string; // the last agent message
  tokensIn: number;
  tokensOut: number;
};

export function parseCodexEvents(stdout: string): CodexOutcome {
  const outcome: CodexOutcome = { sawEvents: false, completed: false, error: null, finalText: "", tokensIn: 0, tokensOut: 0 };
  let turnFailed: string | null = null;
  let pendingError: string | null = null;
  for (const line of stdout.split("\n")) {
    const event = parseEvent(line.trim());
    if (!event) continue;
    outcome.sawEvents = true;
    if (event.type === "item.completed" && isAgentMessage(event.item)) {
      outcome.finalText = String((event.item as Record<string, unknown>).text ?? "");
    } else if (event.type === "turn.completed") {
      outcome.completed = true;
      pendingError = null; // error events before a completed turn were retries ("Reconnecting… 1/5")
      const usage = record(event.usage);
      // cached_input_tokens is a part of input_tokens, not added to it.
      outcome.tokensIn += numberOr0(usage.input_tokens);
      outcome.tokensOut += numberOr0(usage.output_tokens);
    } else if (event.type === "turn.failed") {
      turnFailed = String(record(event.error).message ?? "turn failed");
    } else if (event.type === "error") {
      pendingError = String(event.message ?? "error");
    }
  }
  outcome.error = turnFailed ?? pendingError;
  return outcome;
}

// `type: "agent_message"` today; the first releases of the format said `item_type: "assistant_message"`.
function isAgentMessage(item: unknown): boolean {
  const fields = record(item);
  return fields.type === "agent_message" || fields.item_type === "agent_message" || fields.item_type === "assistant_message";
}

function parseEvent(line: string): Record<string, unknown> | null {
  if (!line.startsWith("{")) return null;
  try {
    const value = record(JSON.parse(line));
    return typeof value.type === "string" ? value : null;
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function numberOr0(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

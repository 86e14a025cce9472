// Reads the JSONL events of `codex exec --json`: thread.started the thread id, agent_message items the
// text, turn.completed the token usage (one per turn; summed), turn.failed and error events the failure.
// Codex reports no cost.
import { numberOr0, objectOf, parseJsonEvent } from "./json-events";

export type CodexOutcome = {
  sawEvents: boolean; // at least one line was a Codex event
  threadId: string | null; // what `codex resume <id>` continues
  completed: boolean; // a turn.completed arrived
  error: string | null; // turn.failed, or an error event not followed by a completed turn
  finalText: string; // the last agent message
  tokensIn: number;
  tokensOut: number;
};

export function parseCodexEvents(stdout: string): CodexOutcome {
  const outcome: CodexOutcome = { sawEvents: false, threadId: null, completed: false, error: null, finalText: "", tokensIn: 0, tokensOut: 0 };
  let turnFailed: string | null = null;
  let pendingError: string | null = null;
  for (const line of stdout.split("\n")) {
    const event = parseJsonEvent(line);
    if (!event) continue;
    outcome.sawEvents = true;
    if (event.type === "thread.started" && typeof event.thread_id === "string") {
      outcome.threadId = event.thread_id;
    } else if (event.type === "item.completed" && isAgentMessage(event.item)) {
      outcome.finalText = String(objectOf(event.item).text ?? "");
    } else if (event.type === "turn.completed") {
      outcome.completed = true;
      pendingError = null; // error events before a completed turn were retries ("Reconnecting… 1/5")
      const usage = objectOf(event.usage);
      // cached_input_tokens is a part of input_tokens, not added to it.
      outcome.tokensIn += numberOr0(usage.input_tokens);
      outcome.tokensOut += numberOr0(usage.output_tokens);
    } else if (event.type === "turn.failed") {
      turnFailed = String(objectOf(event.error).message ?? "turn failed");
    } else if (event.type === "error") {
      pendingError = String(event.message ?? "error");
    }
  }
  outcome.error = turnFailed ?? pendingError;
  return outcome;
}

// `type: "agent_message"` today; the first releases of the format said `item_type: "assistant_message"`.
function isAgentMessage(item: unknown): boolean {
  const fields = objectOf(item);
  return fields.type === "agent_message" || fields.item_type === "agent_message" || fields.item_type === "assistant_message";
}

// The Anthropic Messages API as Claude Code calls it: POST /v1/messages?beta=true with stream: true,
// answered as SSE (message_start, content blocks with their deltas, message_delta with the stop reason
// and output tokens, message_stop). A scripted error turn answers with the API's JSON error body.
import type { ServerResponse } from "node:http";
import type { RecordedRequest, Script, ScriptedTurn, ScriptedUsage } from "./script";
import type { ScriptCursor } from "./script";
import { answerJson, startScriptedServer, takeTurn, type ScriptedServer } from "./server";
import { sendEvent, startEventStream } from "./sse";

export function startAnthropicServer(script: Script): Promise<ScriptedServer> {
  return startScriptedServer(script, answerMessages);
}

function answerMessages(request: RecordedRequest, res: ServerResponse, cursor: ScriptCursor): void {
  const path = request.url.split("?")[0];
  if (request.method !== "POST" || path !== "/v1/messages") {
    answerJson(res, 404, apiError("not_found_error", `the scripted Anthropic server has no ${request.method} ${path}`));
    return;
  }
  const next = takeTurn(request, res, cursor, (status, message) => apiError(errorType(status), message));
  if (!next) return;
  const body = (request.body ?? {}) as { model?: string; stream?: boolean };
  if (body.stream !== true) {
    answerJson(res, 200, messageObject(next.turn, body.model ?? "scripted", next.index));
    return;
  }
  streamTurn(res, next.turn, body.model ?? "scripted", next.index);
}

type ModelTurn = Extract<ScriptedTurn, { kind: "text" | "tools" }>;
type Block = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

function blocksOf(turn: ModelTurn, index: number): Block[] {
  if (turn.kind === "text") return [{ type: "text", text: turn.text }];
  const calls = turn.calls.map((call, n): Block => ({ type: "tool_use", id: call.id ?? `toolu_scripted_${index}_${n}`, name: call.name, input: call.input }));
  return turn.text ? [{ type: "text", text: turn.text }, ...calls] : calls;
}

function streamTurn(res: ServerResponse, turn: ModelTurn, model: string, index: number): void {
  startEventStream(res);
  const message = messageObject(turn, model, index);
  sendEvent(
    res,
    { type: "message_start", message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 0 } } },
    "message_start",
  );
  blocksOf(turn, index).forEach((block, n) => {
    if (block.type === "text") {
      sendEvent(res, { type: "content_block_start", index: n, content_block: { type: "text", text: "" } }, "content_block_start");
      sendEvent(res, { type: "content_block_delta", index: n, delta: { type: "text_delta", text: block.text } }, "content_block_delta");
    } else {
      sendEvent(
        res,
        { type: "content_block_start", index: n, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } },
        "content_block_start",
      );
      sendEvent(
        res,
        { type: "content_block_delta", index: n, delta: { type: "input_json_delta", partial_json: JSON.stringify(block.input) } },
        "content_block_delta",
      );
    }
    sendEvent(res, { type: "content_block_stop", index: n }, "content_block_stop");
  });
  sendEvent(
    res,
    { type: "message_delta", delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: { output_tokens: turn.usage.outputTokens } },
    "message_delta",
  );
  sendEvent(res, { type: "message_stop" }, "message_stop");
  res.end();
}

function messageObject(turn: ModelTurn, model: string, index: number) {
  return {
    id: `msg_scripted_${index}`,
    type: "message",
    role: "assistant",
    model,
    content: blocksOf(turn, index),
    stop_reason: turn.kind === "tools" ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: wireUsage(turn.usage),
  };
}

function wireUsage(usage: ScriptedUsage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadInputTokens ?? 0,
  };
}

function apiError(type: string, message: string) {
  return { type: "error", error: { type, message } };
}

function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status === 529) return "overloaded_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

// The working directory Claude Code told the model ("Primary working directory: /path" in its system text).
export function primaryWorkingDirectory(request: RecordedRequest): string | null {
  const match = /Primary working directory: ([^\s\\"]+)/.exec(JSON.stringify(request.body));
  return match ? match[1] : null;
}

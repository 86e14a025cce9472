// The OpenAI Responses API as Codex calls it: POST <base>/responses with stream: true, answered as SSE
// (response.created, each output item added and done, response.completed with the usage). A tool call is
// sent in the form the request offered that tool: a `function_call` with JSON arguments, or a
// `custom_tool_call` with raw input (Codex's freeform apply_patch), taken from the scripted input's `input`.
// A scripted error turn answers with the API's JSON error body.
import type { ServerResponse } from "node:http";
import type { RecordedRequest, Script, ScriptCursor, ScriptedToolCall, ScriptedTurn, ScriptedUsage } from "./script";
import { answerJson, startScriptedServer, takeTurn, type ScriptedServer } from "./server";
import { sendEvent, startEventStream } from "./sse";

// Codex's provider base_url is this server's url plus "/v1" (it appends "/responses").
export function startOpenAiResponsesServer(script: Script): Promise<ScriptedServer> {
  return startScriptedServer(script, answerResponses);
}

function answerResponses(request: RecordedRequest, res: ServerResponse, cursor: ScriptCursor): void {
  const path = request.url.split("?")[0];
  if (request.method !== "POST" || !path.endsWith("/responses")) {
    answerJson(res, 404, apiError("not_found", `the scripted OpenAI server has no ${request.method} ${path}`));
    return;
  }
  const next = takeTurn(request, res, cursor, (status, message) => apiError(status === 429 ? "rate_limit_exceeded" : "invalid_request_error", message));
  if (!next) return;
  const body = (request.body ?? {}) as { model?: string; tools?: unknown };
  const response = responseObject(next.turn, body.model ?? "scripted", next.index, customTools(body.tools));
  if ((request.body as { stream?: boolean } | null)?.stream !== true) {
    answerJson(res, 200, response);
    return;
  }
  startEventStream(res);
  let sequence = 0;
  const send = (data: Record<string, unknown>) => sendEvent(res, { ...data, sequence_number: sequence++ }, String(data.type));
  send({ type: "response.created", response: { ...response, status: "in_progress", output: [], usage: null } });
  response.output.forEach((item, index) => {
    send({ type: "response.output_item.added", output_index: index, item });
    if (item.type === "message") send({ type: "response.output_text.delta", output_index: index, item_id: item.id, content_index: 0, delta: textOf(item) });
    send({ type: "response.output_item.done", output_index: index, item });
  });
  send({ type: "response.completed", response });
  res.end();
}

type OutputItem = { id: string; type: string; [field: string]: unknown };

function responseObject(turn: Extract<ScriptedTurn, { kind: "text" | "tools" }>, model: string, index: number, custom: ReadonlySet<string>) {
  const output: OutputItem[] = [];
  if (turn.text)
    output.push({
      id: `msg_scripted_${index}`,
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: turn.text, annotations: [] }],
    });
  if (turn.kind === "tools") output.push(...turn.calls.map((call, n) => toolCallItem(call, `${index}_${n}`, custom)));
  return {
    id: `resp_scripted_${index}`,
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    status: "completed",
    model,
    output,
    usage: wireUsage(turn.usage),
  };
}

function toolCallItem(call: ScriptedToolCall, suffix: string, custom: ReadonlySet<string>): OutputItem {
  const callId = call.id ?? `call_scripted_${suffix}`;
  if (custom.has(call.name)) {
    const input = typeof call.input.input === "string" ? call.input.input : JSON.stringify(call.input);
    return { id: `ctc_scripted_${suffix}`, type: "custom_tool_call", status: "completed", call_id: callId, name: call.name, input };
  }
  return { id: `fc_scripted_${suffix}`, type: "function_call", status: "completed", call_id: callId, name: call.name, arguments: JSON.stringify(call.input) };
}

// The names of the tools the request offered as freeform (`type: "custom"`) rather than JSON functions.
function customTools(tools: unknown): Set<string> {
  const names = new Set<string>();
  if (Array.isArray(tools)) for (const tool of tools as { type?: string; name?: string }[]) if (tool?.type === "custom" && tool.name) names.add(tool.name);
  return names;
}

function textOf(item: OutputItem): string {
  return (item.content as { text: string }[])[0].text;
}

function wireUsage(usage: ScriptedUsage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

function apiError(type: string, message: string) {
  return { error: { message, type, param: null, code: type } };
}

// The tool names the request offered, for tests that check what the CLI let the model do.
export function offeredTools(request: RecordedRequest): string[] {
  const tools = (request.body as { tools?: { name?: string; type?: string }[] } | null)?.tools ?? [];
  return tools.map((tool) => tool.name ?? tool.type ?? "?");
}

// The Gemini API as Gemini CLI calls it: POST /v1beta/models/<model>:streamGenerateContent?alt=sse, answered
// as SSE chunks of a GenerateContentResponse (the turn's parts: text, functionCall), the last one carrying
// finishReason and usageMetadata. `:generateContent` answers the same turn as one JSON object; `:countTokens`
// answers a count without using a turn. A scripted error turn answers with the API's JSON error body.
import type { ServerResponse } from "node:http";
import type { RecordedRequest, Script, ScriptCursor, ScriptedTurn, ScriptedUsage } from "./script";
import { answerJson, startScriptedServer, takeTurn, type ScriptedServer } from "./server";
import { sendEvent, startEventStream } from "./sse";

// Gemini CLI's GOOGLE_GEMINI_BASE_URL is this server's url (it appends /v1beta/models/…).
export function startGeminiServer(script: Script): Promise<ScriptedServer> {
  return startScriptedServer(script, answerGemini);
}

const ROUTE = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(streamGenerateContent|generateContent|countTokens)$/;

function answerGemini(request: RecordedRequest, res: ServerResponse, cursor: ScriptCursor): void {
  const path = request.url.split("?")[0];
  const route = request.method === "POST" ? ROUTE.exec(path) : null;
  if (!route) {
    answerJson(res, 404, apiError(404, `the scripted Gemini server has no ${request.method} ${path}`));
    return;
  }
  const [, model, method] = route;
  if (method === "countTokens") {
    answerJson(res, 200, { totalTokens: 1 });
    return;
  }
  const next = takeTurn(request, res, cursor, apiError);
  if (!next) return;
  const answer = responseObject(next.turn, model, next.index);
  if (method === "generateContent") {
    answerJson(res, 200, answer);
    return;
  }
  startEventStream(res);
  sendEvent(res, answer);
  res.end();
}

function responseObject(turn: Extract<ScriptedTurn, { kind: "text" | "tools" }>, model: string, index: number) {
  const parts: Record<string, unknown>[] = [];
  if (turn.text) parts.push({ text: turn.text });
  if (turn.kind === "tools")
    for (const [n, call] of turn.calls.entries())
      parts.push({ functionCall: { id: call.id ?? `call_scripted_${index}_${n}`, name: call.name, args: call.input } });
  return {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata: wireUsage(turn.usage),
    modelVersion: model,
    responseId: `scripted_${index}`,
  };
}

function wireUsage(usage: ScriptedUsage) {
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    ...(usage.cacheReadInputTokens ? { cachedContentTokenCount: usage.cacheReadInputTokens } : {}),
  };
}

function apiError(status: number, message: string) {
  const statuses: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
  };
  return { error: { code: status, message, status: statuses[status] ?? (status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION") } };
}

// The function names the request declared, for tests that check what the CLI let the model do.
export function declaredFunctions(request: RecordedRequest): string[] {
  const tools = (request.body as { tools?: { functionDeclarations?: { name: string }[] }[] } | null)?.tools ?? [];
  return tools.flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name));
}

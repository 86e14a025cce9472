// A local HTTP server standing in for a model provider (node built-ins only). It records every request
// (parsed JSON body) and hands each to the provider's handler with the script's cursor; the handler
// answers in its API's wire format. Unknown routes answer 404 and are recorded too.
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ScriptCursor, type RecordedRequest, type Script, type ScriptedTurn } from "./script";

export type ScriptedHandler = (request: RecordedRequest, res: ServerResponse, cursor: ScriptCursor) => void | Promise<void>;

export type ScriptedServer = {
  // Base address without a trailing slash, e.g. http://127.0.0.1:41234
  url: string;
  requests: RecordedRequest[];
  cursor: ScriptCursor;
  close: () => Promise<void>;
};

export async function startScriptedServer(script: Script, handle: ScriptedHandler): Promise<ScriptedServer> {
  const cursor = new ScriptCursor(script);
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const recorded: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: await readJson(req), turn: null };
    requests.push(recorded);
    try {
      await handle(recorded, res, cursor);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `scripted model server: ${String(error)}` } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cursor,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

// What every provider's handler does once its route matched: take the script's next turn (a 400 when none is
// left), record which, leave a hang unanswered (the CLI waits for its timeout) and answer an error turn, each
// in the provider's own error shape. What is returned is a text or tool turn, to answer in the provider's form.
export function takeTurn(
  request: RecordedRequest,
  res: ServerResponse,
  cursor: ScriptCursor,
  errorBody: (status: number, message: string) => unknown,
): { turn: Extract<ScriptedTurn, { kind: "text" | "tools" }>; index: number } | null {
  const next = cursor.next(request);
  if (!next) {
    answerJson(res, 400, errorBody(400, `the script has no turn left for model call ${cursor.used + 1}`));
    return null;
  }
  request.turn = next.index;
  if (next.turn.kind === "hang") return null;
  if (next.turn.kind === "error") {
    answerJson(res, next.turn.status, errorBody(next.turn.status, next.turn.message));
    return null;
  }
  return { turn: next.turn, index: next.index };
}

// A real HTTP endpoint for outgoing notifications: records every request and answers per path, as a
// script of status codes (the last one repeats), so a test can make a webhook fail and then recover.
import http from "node:http";

export type WebhookRequest = {
  path: string;
  method: string;
  contentType: string | undefined;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
};
export type Answer = number | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number };

export async function startWebhookServer() {
  const requests: WebhookRequest[] = [];
  const scripts = new Map<string, Answer[]>();
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw);
      } catch {
        /* recorded as {} */
      }
      requests.push({ path, method: req.method ?? "", contentType: req.headers["content-type"], headers: req.headers, raw, body });
      const script = scripts.get(path) ?? [200];
      const next = script.length > 1 ? script.shift()! : script[0];
      const answer = typeof next === "number" ? { status: next } : next;
      setTimeout(() => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? "");
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    answer(path: string, ...script: Answer[]) {
      scripts.set(path, script);
    },
    to(path: string) {
      return requests.filter((request) => request.path === path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

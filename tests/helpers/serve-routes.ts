// The app's own route handlers (app/api/**/route.ts) served over HTTP, as `next start` hands them
// requests: a web Request with the body streaming in, its Response streamed back. For tests that need
// a real client (the CLI, fetch with streaming bodies) in front of the real handlers.
import http from "node:http";
import { Readable } from "node:stream";

export type RouteHandler = (request: Request) => Promise<Response>;

export async function serveRoutes(routes: Record<string, RouteHandler>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const prefix = Object.keys(routes).find((route) => req.url === route || req.url!.startsWith(`${route}/`) || req.url!.startsWith(`${route}?`));
    if (!prefix) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    try {
      const response = await routes[prefix](request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of Readable.fromWeb(response.body as never)) res.write(chunk);
      res.end();
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

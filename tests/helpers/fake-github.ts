// A local stand-in for the few GitHub REST endpoints Setpoint uses for pull requests and commit
// statuses, with the state they imply (pull requests by number), recording every request it was sent.
// Served under a prefix, as GitHub Enterprise Server serves its API under /api/v3.
import http from "node:http";

export type GitHubRequest = { method: string; path: string; query: URLSearchParams; authorization: string | undefined; body: Record<string, unknown> };
export type FakePull = { number: number; state: "open" | "closed"; merged: boolean; title: string; body: string; head: string; base: string; draft: boolean };

export async function startFakeGitHub(prefix = "/api/v3") {
  const requests: GitHubRequest[] = [];
  const pulls = new Map<string, FakePull[]>();
  const statuses: { repository: string; sha: string; state: string; context: string; description: string; target_url: string }[] = [];
  let refuse: { status: number; message: string } | null = null;
  let base = "";

  const pullJson = (repository: string, pull: FakePull) => ({
    number: pull.number,
    state: pull.state,
    merged: pull.merged,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    html_url: `https://github.test/${repository}/pull/${pull.number}`,
    url: `${base}/repos/${repository}/pulls/${pull.number}`,
    head: { ref: pull.head },
    base: { ref: pull.base },
  });

  function answer(method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): [number, unknown] {
    if (refuse) return [refuse.status, { message: refuse.message, documentation_url: "https://docs.github.com/rest" }];
    const match = /^\/repos\/([^/]+\/[^/]+)\/(pulls|statuses)(?:\/([^/]+))?$/.exec(path);
    if (!match) return [404, { message: "Not Found" }];
    const [, repository, what, id] = match;
    const list = pulls.get(repository) ?? [];
    pulls.set(repository, list);
    if (what === "statuses" && method === "POST") {
      statuses.push({
        repository,
        sha: id,
        state: String(body.state),
        context: String(body.context),
        description: String(body.description),
        target_url: String(body.target_url),
      });
      return [201, { state: body.state, context: body.context }];
    }
    if (what !== "pulls") return [404, { message: "Not Found" }];
    if (method === "GET" && id) {
      const pull = list.find((candidate) => candidate.number === Number(id));
      return pull ? [200, pullJson(repository, pull)] : [404, { message: "Not Found" }];
    }
    if (method === "GET") {
      const head = query.get("head")?.split(":").pop();
      return [
        200,
        list
          .filter(
            (pull) => pull.state === (query.get("state") ?? "open") && (!head || pull.head === head) && (!query.get("base") || pull.base === query.get("base")),
          )
          .map((pull) => pullJson(repository, pull)),
      ];
    }
    if (method === "POST") {
      if (list.some((pull) => pull.state === "open" && pull.head === body.head && pull.base === body.base))
        return [422, { message: "Validation Failed", errors: [{ message: `A pull request already exists for ${body.head}.` }] }];
      const pull: FakePull = {
        number: 100 + requests.length,
        state: "open",
        merged: false,
        title: String(body.title),
        body: String(body.body),
        head: String(body.head),
        base: String(body.base),
        draft: body.draft === true,
      };
      list.push(pull);
      return [201, pullJson(repository, pull)];
    }
    if (method === "PATCH" && id) {
      const pull = list.find((candidate) => candidate.number === Number(id));
      if (!pull) return [404, { message: "Not Found" }];
      if (typeof body.title === "string") pull.title = body.title;
      if (typeof body.body === "string") pull.body = body.body;
      return [200, pullJson(repository, pull)];
    }
    return [404, { message: "Not Found" }];
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://github.test");
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      let body: Record<string, unknown> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        /* recorded as {} */
      }
      requests.push({ method: req.method ?? "", path, query: url.searchParams, authorization: req.headers.authorization, body });
      const [status, json] = answer(req.method ?? "GET", path, url.searchParams, body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}${prefix}`;
  return {
    apiUrl: base,
    requests,
    statuses,
    pulls: (repository: string) => pulls.get(repository) ?? [],
    // Every request answers this until cleared (a revoked token, an outage).
    refuseAll(status: number | null, message = "Bad credentials") {
      refuse = status === null ? null : { status, message };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The webhook trigger over real HTTP with a real runner: the secret from the CLI, the CLI's curl line,
// signatures, duplicates, the size limit and the rate limit.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { createToken } from "../../server/auth/api-tokens";
import { handleWebhook } from "../../server/triggers/handle-webhook";
import { signBody } from "../../server/triggers/webhook-signature";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
const LIMITS = { maxBodyBytes: 1024 * 1024, deliveriesPerMinute: 3 };
const HOOKS = "/api/hooks/goals/";
let harness: Harness;
let base: string;
let token: string;
let server: http.Server;

// The API and the webhook on one port, as the Next server serves them.
before(async () => {
  harness = await startHarness();
  const trpc = createHTTPHandler({ router: appRouter, createContext: ({ req }) => createContext(harness.db, req.headers.authorization, req.headers.cookie) });
  server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    if (url.startsWith("/api/trpc")) {
      req.url = url.slice("/api/trpc".length) || "/";
      trpc(req, res);
    } else if (url.startsWith(HOOKS)) {
      void serveWebhook(decodeURIComponent(url.slice(HOOKS.length).split("?")[0]), req, res);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  token = await createToken(harness.db, "tester", "admin");
  await harness.startRunner(1);
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

async function serveWebhook(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
  const request = new Request(`${base}${req.url}`, {
    method: req.method,
    headers,
    body: req.method === "POST" ? (Readable.toWeb(req) as ReadableStream) : undefined,
    duplex: "half",
  } as RequestInit);
  const response = await handleWebhook(harness.db, name, request, LIMITS);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), ...args], {
    cwd: harness.dir,
    env: { ...process.env, SETPOINT_URL: base, SETPOINT_TOKEN: token },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function deliver(name: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${HOOKS}${name}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

const signed = (secret: string, body: string, deliveryId: string) => ({
  "X-Hub-Signature-256": signBody(secret, Buffer.from(body)),
  "X-GitHub-Delivery": deliveryId,
});

function quickSpec(repo: string, webhook: boolean) {
  return {
    intent: "Keep the check passing.",
    workspace: { repo, ref: "main" },
    agent: { executor: "demo" },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "true" }] },
    triggers: { webhook },
  };
}

// The run a webhook started has ended Converged (the runner's event after the webhook's).
function convergedAfter(eventId: bigint) {
  return harness.waitFor("the webhook's run to converge", () =>
    harness.db.event.findFirst({ where: { goalName: "hooked", type: "Converged", id: { gt: eventId } } }),
  );
}

async function runs(name: string): Promise<number> {
  return harness.db.event.count({ where: { goalName: name, type: "Queued", reason: "Webhook" } });
}

test("a signed POST starts a new run; a bad signature is 401, a repeated delivery 200 without a second run, an oversized body 413, too many starts 429", async () => {
  const repo = await harness.sampleRepo("hooked");
  await harness.apply("hooked", quickSpec(repo, true));
  await harness.apply("plain", quickSpec(repo, false));
  assert.equal((await harness.waitForPhase("hooked", ["Converged", "Failed"])).phase, "Converged");

  // Not found and not enabled answer alike.
  const missing = await deliver("no-such-goal", "{}", { "X-Hub-Signature-256": "sha256=00" });
  const disabled = await deliver("plain", "{}", { "X-Hub-Signature-256": "sha256=00" });
  assert.equal(missing.status, 404);
  assert.deepEqual(disabled, { ...missing, headers: disabled.headers });
  const noSecret = await deliver("hooked", "{}", signed("guess", "{}", "d-0"));
  assert.equal(noSecret.status, 409);
  assert.match(String(noSecret.json.error), /run npx setpoint webhook rotate hooked/);

  const rotated = await cli("webhook", "rotate", "hooked");
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.match(rotated.stdout, new RegExp(`URL: +${base}/api/hooks/goals/hooked\\n`));
  const secret = /secret: (\S+)/.exec(rotated.stdout)![1];
  const shown = await cli("webhook", "get", "hooked");
  assert.match(shown.stdout, /Secret: +set/);
  assert.ok(!shown.stdout.includes(secret), "get never shows the secret");
  assert.ok(!JSON.stringify(await harness.goal("hooked")).includes(secret), "the secret is stored sealed");

  const bad = await deliver("hooked", "{}", signed("not-the-secret", "{}", "d-1"));
  assert.equal(bad.status, 401);
  assert.match(String(bad.json.error), /signature does not match/);
  assert.equal((await deliver("hooked", "{}", { "X-GitHub-Delivery": "d-1" })).status, 401);
  assert.equal((await harness.goal("hooked")).phase, "Converged");

  // The CLI's own curl line starts a run.
  const curlLine = rotated.stdout
    .split("\n")
    .find((line) => line.includes("curl "))!
    .trim();
  const { stdout: curlOut } = await exec("bash", ["-c", curlLine]);
  assert.equal(JSON.parse(curlOut).started, true, curlOut);
  const event = await harness.db.event.findFirstOrThrow({ where: { goalName: "hooked", type: "Queued", reason: "Webhook" } });
  assert.match(event.actor, /^webhook \(delivery \d+\)$/);
  // While that run is queued or running, another delivery starts nothing.
  const busy = await deliver("hooked", "{}", signed(secret, "{}", "d-busy"));
  assert.equal(busy.status, 409, JSON.stringify(busy.json));
  assert.match(String(busy.json.error), /only a goal that has ended can be re-run/);
  await convergedAfter(event.id);

  const body = '{"ref":"refs/heads/main","__proto__":{"polluted":true}}';
  const first = await deliver("hooked", body, signed(secret, body, "d-2"));
  assert.deepEqual([first.status, first.json.started], [202, true]);
  await convergedAfter((await harness.db.event.findFirstOrThrow({ where: { goalName: "hooked", reason: "Webhook" }, orderBy: { id: "desc" } })).id);
  const repeat = await deliver("hooked", body, signed(secret, body, "d-2"));
  assert.deepEqual([repeat.status, repeat.json.duplicate], [200, true]);
  assert.equal(await runs("hooked"), 2, "the repeat started no run");
  assert.equal((await harness.goal("hooked")).phase, "Converged");

  const huge = "x".repeat(LIMITS.maxBodyBytes + 1);
  assert.equal((await deliver("hooked", huge, signed(secret, huge, "d-huge"))).status, 413);

  // Three deliveries acted on in this minute already (two runs, one refused; the limit here): the fourth waits.
  const limited = await deliver("hooked", "{}", signed(secret, "{}", "d-3"));
  assert.equal(limited.status, 429);
  const retryAfter = Number(limited.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.equal(await runs("hooked"), 2);

  const deliveries = JSON.parse((await cli("webhook", "get", "hooked", "-o", "json")).stdout).deliveries as { deliveryId: string; outcome: string }[];
  assert.deepEqual(Object.fromEntries(deliveries.map((delivery) => [delivery.deliveryId, delivery.outcome])), {
    [event.actor.match(/\d+/)![0]]: "started",
    "d-busy": "refused",
    "d-2": "started",
  });
});

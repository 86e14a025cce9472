// Calls Setpoint makes on a goal's behalf go only to public addresses, judged after DNS and on the
// address the socket then connects to; SETPOINT_ALLOW_PRIVATE_URLS opens named exceptions. Real sockets,
// a real local receiver, and a stand-in resolver where a test needs a name to resolve somewhere.
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { NotificationSender } from "../../server/notifications/notification-sender";
import { setPhase } from "../../server/goals/set-phase";
import { validateManifest } from "../../server/goals/apply-goal";
import { OutboundRefused } from "../../server/outbound/address-refusal";
import { outboundFetch, type Resolve } from "../../server/outbound/outbound-fetch";
import { API_VERSION } from "../../server/spec/goal-spec";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { startWebhookServer } from "../helpers/webhook-server";

let harness: Harness;
let receiver: Awaited<ReturnType<typeof startWebhookServer>>;
let port: number;

before(async () => {
  harness = await startHarness();
  receiver = await startWebhookServer();
  port = Number(new URL(receiver.base).port);
});
afterEach(() => {
  delete process.env.SETPOINT_ALLOW_PRIVATE_URLS;
});
after(async () => {
  await receiver.close();
  await harness.close();
});

// A resolver that answers from a table and counts how often it was asked.
function resolverOf(table: Record<string, string[]>): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

test("a name that resolves to a private address is refused after the lookup, and nothing is sent", async () => {
  const resolve = resolverOf({ "hooks.example.test": ["93.184.216.34", "10.0.0.7"] });
  await assert.rejects(outboundFetch(`http://hooks.example.test:${port}/private`, { method: "POST", body: "{}", resolve }), (error: Error) => {
    assert.ok(error instanceof OutboundRefused);
    assert.match(error.message, /^hooks\.example\.test resolves to 10\.0\.0\.7, a private address: Setpoint does not call/);
    return true;
  });
  assert.equal(receiver.to("/private").length, 0);
});

test("the socket connects to the very address that was checked: one lookup, the name kept in the Host header", async () => {
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.0/8";
  const resolve = resolverOf({ "hooks.example.test": ["127.0.0.1"] });
  const response = await outboundFetch(`http://hooks.example.test:${port}/checked`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: '{"ok":1}',
    resolve,
  });
  assert.equal(response.status, 200);
  assert.deepEqual(resolve.calls, ["hooks.example.test"], "resolved once; no second lookup between the check and the connection");
  const [received] = receiver.to("/checked");
  assert.deepEqual(received.body, { ok: 1 });
  assert.equal(received.headers.host, `hooks.example.test:${port}`);
});

test("addresses written into the URL are refused before any lookup, whatever their spelling", async () => {
  const resolve = resolverOf({});
  for (const host of ["127.0.0.1", "0x7f.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]"]) {
    await assert.rejects(outboundFetch(`http://${host}:${port}/literal`, { resolve }), OutboundRefused, host);
  }
  assert.deepEqual(resolve.calls, []);
  assert.equal(receiver.to("/literal").length, 0);
});

test("localhost, through the system's resolver, is loopback: refused unless SETPOINT_ALLOW_PRIVATE_URLS names it", async () => {
  await assert.rejects(outboundFetch(`http://localhost:${port}/local`), /localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
  assert.equal(receiver.to("/local").length, 0);
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "localhost";
  assert.equal((await outboundFetch(`http://localhost:${port}/local`)).status, 200);
  assert.equal(receiver.to("/local").length, 1);
});

test("a redirect is returned as it came, never followed", async () => {
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
  receiver.answer("/hop", { status: 307, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
  const response = await outboundFetch(`http://127.0.0.1:${port}/hop`);
  assert.equal(response.status, 307);
  assert.equal(response.headers.get("location"), "http://169.254.169.254/latest/meta-data/");
});

test("apply refuses a notify URL or a pull request API URL that names a private address, naming the field", () => {
  const manifest = (spec: Record<string, unknown>) => ({
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "calls-home" },
    spec: {
      intent: "x",
      workspace: { repo: "https://github.com/acme/app.git" },
      agent: { executor: "demo" },
      metrics: [{ metric: "t.ok", target: "== 1" }],
      evaluation: { layers: [{ name: "t", run: "true" }] },
      ...spec,
    },
  });
  const refused = manifest({
    notify: [{ url: "https://hooks.slack.com/services/x" }, { url: "http://169.254.169.254/latest/meta-data/" }],
    workspace: { repo: "https://github.com/acme/app.git", pullRequest: { apiUrl: "http://0x7f.1:8080/api/v3" } },
  });
  assert.throws(
    () => validateManifest(refused),
    (error: Error & { issues: { path: string; message: string }[] }) => {
      assert.deepEqual(
        error.issues.map((issue) => issue.path),
        ["spec.notify[1].url", "spec.workspace.pullRequest.apiUrl"],
      );
      assert.match(error.issues[0].message, /169\.254\.169\.254, a link-local address/);
      assert.match(error.issues[1].message, /127\.0\.0\.1, a loopback address/);
      return true;
    },
  );
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "169.254.169.254,127.0.0.1";
  assert.equal(validateManifest(refused).metadata.name, "calls-home");
});

test("a notification whose name resolves to loopback fails at once, is not retried, and the goal's events say why", async () => {
  // Applied while allowed (so apply's own check lets the name through), sent after the allowance is gone.
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "localhost";
  await harness.apply("loopback-hook", {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
    notify: [{ url: `http://localhost:${port}/loopback`, events: ["Failed"] }],
  });
  delete process.env.SETPOINT_ALLOW_PRIVATE_URLS;
  const goal = await harness.goal("loopback-hook");
  await harness.db.$transaction((tx) => setPhase(tx, goal.id, { phase: "Failed", reason: "AgentFailing", message: "x" }));
  const sender = new NotificationSender(harness.db, { backoffMs: 10 });
  await sender.sendDue();
  const [row] = await harness.db.notification.findMany({ where: { goalId: goal.id } });
  assert.equal(row.attempts, 1, "one attempt");
  assert.ok(row.failedAt, "failed for good");
  assert.equal(row.nextAttemptAt, null, "not retried");
  assert.match(row.lastError ?? "", /localhost resolves to .*a loopback address/);
  assert.equal(receiver.to("/loopback").length, 0, "nothing reached the address");
  const [event] = await harness.db.event.findMany({ where: { goalId: goal.id, type: "NotificationFailed" } });
  assert.match(event.message, /the Failed notification to http:\/\/localhost:\d+\/… was not delivered \(not retried\): localhost resolves to/);
});

// Setpoint's own webhook signature carries its time and delivery id: a delivery replayed after five
// minutes is refused, one replayed sooner under another delivery id does not verify, and Setpoint's
// outgoing notifications, signed so, are accepted by a goal's webhook trigger.
import assert from "node:assert/strict";
import http from "node:http";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import { setPhase } from "../../server/goals/set-phase";
import { NotificationSender } from "../../server/notifications/notification-sender";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { handleWebhook, WEBHOOK_LIMITS } from "../../server/triggers/handle-webhook";
import { rotateWebhookSecret } from "../../server/triggers/webhook-secret";
import { signatureProblem, signBody, signTimestamped } from "../../server/triggers/webhook-signature";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let secret: string;
let server: http.Server;
let base: string;
const received: { headers: http.IncomingHttpHeaders; body: Buffer; status: number }[] = [];

const spec = (extra: Record<string, unknown> = {}) => ({
  intent: "x",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [{ metric: "t.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "t", run: "true" }] },
  ...extra,
});

before(async () => {
  harness = await startHarness();
  await harness.apply("target", spec({ triggers: { webhook: true } }));
  secret = (await rotateWebhookSecret(harness.db, "target", "test")).secret;
  // Setpoint's own webhook endpoint on loopback, recording what it was sent.
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const headers = new Headers(Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
      const response = await handleWebhook(
        harness.db,
        "target",
        new Request("http://setpoint.test/api/hooks/goals/target", {
          method: "POST",
          headers,
          body: Readable.toWeb(Readable.from([body])) as ReadableStream,
          duplex: "half",
        } as RequestInit),
        WEBHOOK_LIMITS,
      );
      received.push({ headers: req.headers, body, status: response.status });
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

async function endGoal(): Promise<void> {
  const goal = await harness.goal("target");
  if (goal.phase !== "Failed") await harness.db.$transaction((tx) => setPhase(tx, goal.id, { phase: "Failed", reason: "Test", message: "ended for the test" }));
}

function deliver(body: string, headers: Record<string, string>) {
  return handleWebhook(harness.db, "target", new Request("http://setpoint.test/api/hooks/goals/target", { method: "POST", headers, body }), WEBHOOK_LIMITS);
}

test("a timestamped delivery starts a run; replayed after five minutes it is refused, and under a fresh delivery id it does not verify", async () => {
  await endGoal();
  const body = '{"ref":"refs/heads/main"}';
  const now = Math.floor(Date.now() / 1000);
  const fresh = await deliver(body, { "x-setpoint-delivery": "d-1", "x-setpoint-signature": signTimestamped(secret, Buffer.from(body), "d-1", now) });
  assert.equal(fresh.status, 202, await fresh.clone().text());

  await endGoal();
  // The same delivery as captured six minutes ago: its signature is right, its time is not.
  const old = await deliver(body, { "x-setpoint-delivery": "d-old", "x-setpoint-signature": signTimestamped(secret, Buffer.from(body), "d-old", now - 360) });
  assert.equal(old.status, 401);
  assert.match((await old.json()).error, /signed 36\ds ago, more than 5 minutes: a replay/);
  const future = await deliver(body, {
    "x-setpoint-delivery": "d-future",
    "x-setpoint-signature": signTimestamped(secret, Buffer.from(body), "d-future", now + 400),
  });
  assert.equal(future.status, 401);
  assert.match((await future.json()).error, /in the future/);

  // A replay within the window: under its own id it is a duplicate, under another id it does not verify.
  const signature = signTimestamped(secret, Buffer.from(body), "d-1", now);
  const sameId = await deliver(body, { "x-setpoint-delivery": "d-1", "x-setpoint-signature": signature });
  assert.deepEqual([sameId.status, (await sameId.json()).duplicate], [200, true]);
  const otherId = await deliver(body, { "x-setpoint-delivery": "d-2", "x-setpoint-signature": signature });
  assert.equal(otherId.status, 401);
  assert.match((await otherId.json()).error, /does not match/);
  assert.equal((await harness.goal("target")).phase, "Failed", "none of the refused deliveries started a run");
  const starts = await harness.db.event.count({ where: { goalName: "target", type: "Queued", reason: "Webhook" } });
  assert.equal(starts, 1);
});

test("the timestamped signature is checked when sent, even beside a valid GitHub signature", () => {
  const body = Buffer.from("{}");
  const now = Math.floor(Date.now() / 1000);
  const problem = signatureProblem(
    secret,
    body,
    { hub: signBody(secret, body), timestamped: signTimestamped(secret, body, "x", now - 301), deliveryId: "x" },
    now,
  );
  assert.match(problem ?? "", /more than 5 minutes/);
  assert.equal(signatureProblem(secret, body, { hub: null, timestamped: signTimestamped(secret, body, "x", now - 299), deliveryId: "x" }, now), null);
  assert.match(
    signatureProblem(secret, body, { hub: null, timestamped: "t=1,v1=zz", deliveryId: "x" }, now) ?? "",
    /must be 't=<unix seconds>,v1=<64 hex digits>'/,
  );
});

test("a notification with a signing secret is signed the timestamped way, and another goal's webhook accepts it", async () => {
  await endGoal();
  await harness.apply("caller", spec({ notify: [{ url: `${base}/api/hooks/goals/target`, events: ["Failed"], signingSecret: "TARGET_HOOK" }] }));
  const caller = await harness.goal("caller");
  await setGoalSecret(harness.db, "caller", { name: "TARGET_HOOK", value: secret }, "test");
  await harness.db.$transaction((tx) => setPhase(tx, caller.id, { phase: "Failed", reason: "AgentFailing", message: "the agent failed" }));
  await new NotificationSender(harness.db).sendDue();

  const [delivery] = received;
  assert.equal(delivery.status, 202, "the target goal's webhook started a run");
  assert.match(String(delivery.headers["x-setpoint-signature"]), /^t=\d+,v1=[0-9a-f]{64}$/);
  assert.equal(delivery.headers["x-setpoint-event"], "Failed");
  const row = await harness.db.notification.findFirstOrThrow({ where: { goalId: caller.id } });
  assert.equal(delivery.headers["x-setpoint-delivery"], row.id);
  assert.ok(row.deliveredAt);
  assert.equal((await harness.goal("target")).phase, "Queued");

  // The captured delivery, replayed six minutes on, is refused.
  const sixMinutesOn = Math.floor(Date.now() / 1000) + 360;
  const replay = signatureProblem(
    secret,
    delivery.body,
    { hub: null, timestamped: String(delivery.headers["x-setpoint-signature"]), deliveryId: row.id },
    sixMinutesOn,
  );
  assert.match(replay ?? "", /more than 5 minutes: a replay/);
});

test("a notification whose signing secret is not set is not sent unsigned", async () => {
  await harness.apply("unsigned", spec({ notify: [{ url: `${base}/api/hooks/goals/target`, events: ["Failed"], signingSecret: "MISSING_SECRET" }] }));
  const goal = await harness.goal("unsigned");
  const before = received.length;
  await harness.db.$transaction((tx) => setPhase(tx, goal.id, { phase: "Failed", reason: "AgentFailing", message: "x" }));
  await new NotificationSender(harness.db).sendDue();
  assert.equal(received.length, before, "nothing was sent");
  const row = await harness.db.notification.findFirstOrThrow({ where: { goalId: goal.id } });
  assert.match(row.lastError ?? "", /goal secret MISSING_SECRET \(notify's signingSecret\) is not set/);
  assert.ok(row.nextAttemptAt, "retried later: the secret may be set meanwhile");
});

// Whatever arrives at the webhook, the answer is a 4xx, never a throw or a 500, and nothing about the
// goal changes unless the signature is right. Properties over hostile bodies, headers and names.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { handleWebhook, WEBHOOK_LIMITS } from "../../server/triggers/handle-webhook";
import { rotateWebhookSecret } from "../../server/triggers/webhook-secret";
import { signBody } from "../../server/triggers/webhook-signature";
import { startHarness, type Harness } from "../helpers/loop-harness";

const LIMITS = { ...WEBHOOK_LIMITS, maxBodyBytes: 64 * 1024 };
let harness: Harness;
let secret: string;

before(async () => {
  harness = await startHarness();
  const spec = {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
    triggers: { webhook: true },
  };
  await harness.apply("target", spec);
  // Ended, so a valid delivery would start a run: any change below would show.
  await harness.db.goal.update({ where: { name: "target" }, data: { phase: "Failed", reason: "Test" } });
  secret = (await rotateWebhookSecret(harness.db, "target", "test")).secret;
});
after(async () => {
  await harness.close();
});

async function state() {
  const goal = await harness.goal("target");
  return {
    goal: {
      phase: goal.phase,
      reason: goal.reason,
      generation: goal.generation,
      updatedAt: goal.updatedAt.getTime(),
      lastEventAt: goal.lastEventAt.getTime(),
      secret: goal.webhookSecret,
    },
    events: await harness.db.event.count(),
    iterations: await harness.db.iteration.count(),
    deliveries: await harness.db.webhookDelivery.count(),
  };
}

// Header values a Headers object accepts: Latin-1 without control characters.
const headerText = fc.string({
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((code) => code < 0x7f || code > 0x9f)
    .map((code) => String.fromCharCode(code)),
  maxLength: 300,
});
const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });

const hostileBody = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }), // mostly invalid UTF-8
  fc.constant(new Uint8Array([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80])),
  fc.integer({ min: 1, max: 200_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.constant('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  fc.integer({ min: LIMITS.maxBodyBytes - 2, max: LIMITS.maxBodyBytes * 3 }).map((size) => "x".repeat(size)),
  fc.json(),
);

const badSignature = fc.oneof(
  fc.constant(undefined),
  headerText,
  hex(63).map((digits) => `sha256=${digits}`),
  hex(66).map((digits) => `sha256=${digits}`),
  fc.string({ unit: fc.constantFrom(..."ghijklmnopqrstuvwxyz!@#$%"), minLength: 64, maxLength: 64 }).map((text) => `sha256=${text}`),
  hex(64).map((digits) => `sha256=${digits}`), // well formed, wrong
  hex(40).map((digits) => `sha1=${digits}`),
);

// Setpoint's timestamped header, hostile too: it is the one judged when present.
const badTimestamped = fc.oneof(
  fc.constant(undefined),
  headerText,
  fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), hex(64)).map(([time, digits]) => `t=${time},v1=${digits}`), // well formed, wrong
  fc.tuple(fc.string({ maxLength: 20 }), hex(64)).map(([time, digits]) => `t=${time},v1=${digits}`),
  fc.constant(`t=${"9".repeat(400)},v1=${"0".repeat(64)}`),
);

const deliveryHeader = fc.oneof(fc.constant(undefined), headerText);
const name = fc.oneof(fc.constant("target"), fc.constant("missing-goal"), fc.string({ maxLength: 100 }), fc.constant("__proto__"), fc.constant("../target"));

function request(body: Uint8Array | string, headers: Record<string, string | undefined>, method = "POST"): Request {
  const defined = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return new Request("http://setpoint.test/api/hooks/goals/x", { method, headers: defined, body: method === "POST" ? (body as BodyInit) : undefined });
}

test("hostile bodies, signatures, delivery ids and names get a 4xx and change nothing", async () => {
  const before = await state();
  await fc.assert(
    fc.asyncProperty(
      name,
      hostileBody,
      badSignature,
      badTimestamped,
      deliveryHeader,
      fc.constantFrom("POST", "GET", "PUT"),
      async (goal, body, signature, timestamped, delivery, method) => {
        const response = await handleWebhook(
          harness.db,
          goal,
          request(body, { "x-hub-signature-256": signature, "x-setpoint-signature": timestamped, "x-github-delivery": delivery }, method),
          LIMITS,
        );
        const text = await response.text();
        assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}: ${text}`);
        assert.equal(typeof JSON.parse(text).error, "string");
      },
    ),
    { numRuns: 300 },
  );
  assert.deepEqual(await state(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("a correctly signed delivery with a malformed delivery id is a 400 and changes nothing", async () => {
  const before = await state();
  const malformed = fc.oneof(
    fc.constant(undefined),
    fc.constant(""),
    fc.constant("   "),
    fc.string({ minLength: 201, maxLength: 300, unit: fc.constantFrom("a", "b") }),
    fc.constant("bad id"),
    fc.constant("é"),
  );
  await fc.assert(
    fc.asyncProperty(
      hostileBody.filter((body) => body.length <= LIMITS.maxBodyBytes),
      malformed,
      async (body, delivery) => {
        const bytes = typeof body === "string" ? Buffer.from(body) : body;
        const response = await handleWebhook(
          harness.db,
          "target",
          request(bytes, { "x-hub-signature-256": signBody(secret, bytes), "x-setpoint-delivery": delivery }),
          LIMITS,
        );
        assert.equal(response.status, 400, await response.text());
      },
    ),
    { numRuns: 100 },
  );
  assert.deepEqual(await state(), before);
});

test("a body that never ends is refused at the limit, having read only about the limit", async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 16 * 1024;
      controller.enqueue(new Uint8Array(16 * 1024));
    },
  });
  const response = await handleWebhook(
    harness.db,
    "target",
    new Request("http://setpoint.test/", {
      method: "POST",
      body: endless,
      duplex: "half",
      headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
    } as RequestInit),
    LIMITS,
  );
  assert.equal(response.status, 413);
  assert.ok(pulled <= LIMITS.maxBodyBytes + 64 * 1024, `read ${pulled} bytes`);
});

test("the signature is checked over the raw bytes: invalid UTF-8 signed correctly is accepted", async () => {
  const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x28]);
  const response = await handleWebhook(
    harness.db,
    "target",
    request(bytes, { "x-hub-signature-256": signBody(secret, bytes), "x-setpoint-delivery": "raw-bytes" }),
    LIMITS,
  );
  assert.equal(response.status, 202, await response.text());
  assert.equal((await harness.goal("target")).reason, "Webhook");
});

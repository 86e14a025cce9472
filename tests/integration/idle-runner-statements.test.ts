import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createDb } from "../../server/db/client";
import { Runner } from "../../server/runner/runner";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";
import { startWebhookServer } from "../helpers/webhook-server";

let harness: Harness;
let webhook: Awaited<ReturnType<typeof startWebhookServer>>;
let runner: Runner | undefined;
const sent: string[] = [];
let connections: ReturnType<typeof createDb>;

before(async () => {
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
  harness = await startHarness();
  webhook = await startWebhookServer();
  // The runner's own pool, with every statement it sends counted (BEGIN and COMMIT included).
  connections = createDb(harness.url, 5);
  connections.pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      sent.push(typeof first === "string" ? first : (first?.text ?? "?"));
      return query(...args);
    };
  });
});
after(async () => {
  await runner?.drain(1000);
  await connections?.db.$disconnect();
  await connections?.pool.end().catch(() => {});
  await webhook?.close();
  await harness?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("an idle runner with four slots sends Postgres no more than its heartbeat, and NOTIFY still starts work and sends notifications at once", async () => {
  // Default timings: a 30 s lease, so a heartbeat every 10 s and a safety poll every 15 s.
  runner = new Runner({ db: connections.db, databaseUrl: harness.url, slots: 4, workDir: harness.workDir, log: () => {} });
  await runner.start();
  await sleep(1500);
  sent.length = 0;
  await sleep(12_000);
  // Polling once a second, as before, cost 4 slots × 3 statements and the sender's claim: about 150 here.
  assert.ok(sent.length <= 2, `statements in 12 idle seconds: ${sent.length}\n${sent.join("\n")}`);

  const repo = await harness.sampleRepo("woken");
  const applied = Date.now();
  await harness.apply("woken", calculatorSpec(repo, { notify: [{ url: `${webhook.base}/hook`, events: ["Converged"] }] }));
  await harness.waitFor("the claim", async () => (await harness.goal("woken")).leaseClaimedAt);
  const claimMs = (await harness.goal("woken")).leaseClaimedAt!.getTime() - applied;
  assert.ok(claimMs < 5000, `claimed ${claimMs} ms after it was queued: the NOTIFY woke the runner, not its 15 s poll`);

  const goal = await harness.waitForPhase("woken", ["Converged", "Stalled", "Exhausted", "Failed"], 180_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const converged = Date.now();
  await harness.waitFor("the Converged webhook", async () => webhook.to("/hook").length === 1, 20_000);
  const deliveryMs = Date.now() - converged;
  assert.ok(deliveryMs < 5000, `delivered ${deliveryMs} ms after converging: the outbox's NOTIFY woke the sender, not its 30 s poll`);
});

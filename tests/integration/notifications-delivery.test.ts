import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readGoalPage } from "../../server/goals/read-goal-page";
import { setPhase } from "../../server/goals/set-phase";
import { NotificationSender } from "../../server/notifications/notification-sender";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { startWebhookServer } from "../helpers/webhook-server";

let harness: Harness;
let webhook: Awaited<ReturnType<typeof startWebhookServer>>;
const senders: NotificationSender[] = [];

before(async () => {
  // The receiver is on loopback, which Setpoint calls only when told to.
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
  harness = await startHarness();
  webhook = await startWebhookServer();
});
after(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  await webhook.close();
  await harness.close();
});

// No runner in this file: the goals stay where the tests put them, and the test's own sender delivers.
function startSender(options: ConstructorParameters<typeof NotificationSender>[1] = {}): NotificationSender {
  const sender = new NotificationSender(harness.db, { pollMs: 20, backoffMs: 20, ...options });
  sender.start();
  senders.push(sender);
  return sender;
}

async function goalNotifying(name: string, notify: { url: string; events?: string[] }[]) {
  await harness.apply(name, {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
    notify,
  });
  return harness.goal(name);
}

function changePhase(goalId: string, phase: "Failed" | "Stalled" | "Converged" | "Queued" | "AwaitingApproval", reason: string, message = "") {
  return harness.db.$transaction((tx) => setPhase(tx, goalId, { phase, reason, message }));
}

function notifications(goalId: string) {
  return harness.db.notification.findMany({ where: { goalId }, orderBy: { createdAt: "asc" } });
}

function settled(goalId: string) {
  return harness.waitFor(
    "the deliveries to settle",
    async () => {
      const rows = await notifications(goalId);
      return rows.length > 0 && rows.every((row) => row.deliveredAt || row.failedAt) ? rows : null;
    },
    20_000,
  );
}

test("a webhook that answers 500 twice and then 200 gets the notification on the third attempt", async () => {
  webhook.answer("/flaky", 500, 500, 200);
  const goal = await goalNotifying("flaky-hook", [{ url: `${webhook.base}/flaky`, events: ["Failed"] }]);
  const sender = startSender();
  await changePhase(goal.id, "Failed", "AgentFailing", "the agent failed 4 times in a row");

  const [row] = await settled(goal.id);
  await sender.stop();
  assert.ok(row.deliveredAt, "delivered");
  assert.equal(row.failedAt, null);
  assert.equal(row.attempts, 3);
  assert.equal(row.lastStatus, 200);
  assert.equal(row.nextAttemptAt, null, "nothing more to do");
  const posts = webhook.to("/flaky");
  assert.equal(posts.length, 3);
  assert.ok(posts.every((post) => post.method === "POST" && post.contentType === "application/json"));
  assert.equal(posts[2].body.event, "Failed");
  assert.equal(posts[2].body.reason, "AgentFailing");
  assert.match(String(posts[2].body.text), /flaky-hook failed.*the agent failed 4 times in a row/);
  const events = await harness.db.event.findMany({ where: { goalId: goal.id, type: "NotificationFailed" } });
  assert.equal(events.length, 0, "a delivery that got through in the end is no failure");
  const page = await readGoalPage(harness.db, "flaky-hook");
  assert.deepEqual(
    page?.notifications.map((shown) => [shown.event, shown.status, shown.attempts, shown.to]),
    [["Failed", "delivered", 3, `${webhook.base}/…`]],
    "the goal page lists it",
  );
});

test("a webhook that never accepts ends failed after 8 attempts, and the goal's events say so", async () => {
  webhook.answer("/broken?token=s3cret", { status: 503, body: "upstream down\u0000 ".padEnd(5000, "x") });
  const goal = await goalNotifying("broken-hook", [{ url: `${webhook.base}/broken?token=s3cret`, events: ["Stalled"] }]);
  const sender = startSender({ backoffMs: 5 });
  await changePhase(goal.id, "Stalled", "NoProgress", "no target improved");

  const [row] = await settled(goal.id);
  await sender.stop();
  assert.ok(row.failedAt, "given up");
  assert.equal(row.deliveredAt, null);
  assert.equal(row.attempts, 8);
  assert.equal(row.lastStatus, 503);
  assert.match(row.lastError ?? "", /^HTTP 503: upstream down x+…$/);
  assert.ok((row.lastError ?? "").length < 300, "only a snippet of the answer is kept");
  assert.equal(webhook.to("/broken?token=s3cret").length, 8);

  const [event] = await harness.db.event.findMany({ where: { goalId: goal.id, type: "NotificationFailed" } });
  assert.ok(event, "a NotificationFailed event");
  assert.match(event.message, /Stalled notification to http:\/\/127\.0\.0\.1:\d+\/… was not delivered after 8 attempts: HTTP 503/);
  assert.doesNotMatch(event.message, /s3cret/, "the URL's secret part stays out of the goal's history");
});

test("a notification is written only when its state change commits", async () => {
  const goal = await goalNotifying("rolled-back", [{ url: `${webhook.base}/rolled-back` }]);
  await assert.rejects(
    harness.db.$transaction(async (tx) => {
      await setPhase(tx, goal.id, { phase: "Failed", reason: "RunnerError", message: "x" });
      throw new Error("the state change is undone");
    }),
    /undone/,
  );
  assert.equal((await notifications(goal.id)).length, 0);
});

test("only the events a notify entry names are sent, Drifted included", async () => {
  const goal = await goalNotifying("choosy", [
    { url: `${webhook.base}/choosy-drift`, events: ["Drifted"] },
    { url: `${webhook.base}/choosy-approval`, events: ["AwaitingApproval", "Converged"] },
  ]);
  await changePhase(goal.id, "Queued", "RetryBackoff");
  await changePhase(goal.id, "Stalled", "NoProgress");
  await changePhase(goal.id, "Failed", "RunnerError");
  assert.deepEqual(await notifications(goal.id), [], "none of these is named");

  await changePhase(goal.id, "Queued", "Drifted", "the workspace moved away from the converged commit");
  await harness.db.$transaction(async (tx) => {
    await tx.goal.update({ where: { id: goal.id }, data: { currentIteration: 4 } });
    await setPhase(tx, goal.id, { phase: "AwaitingApproval", reason: "ApprovalRequired", message: "iteration 4 waits", event: { iteration: 4 } });
  });
  const sender = startSender();
  const rows = await settled(goal.id);
  await sender.stop();
  assert.deepEqual(
    rows.map((row) => [row.event, row.url.replace(webhook.base, "")]),
    [
      ["Drifted", "/choosy-drift"],
      ["AwaitingApproval", "/choosy-approval"],
    ],
  );
  const [drift] = webhook.to("/choosy-drift");
  assert.equal(drift.body.phase, "Queued");
  assert.equal(drift.body.reason, "Drifted");
  const [approval] = webhook.to("/choosy-approval");
  assert.equal(approval.body.iteration, 4);
  assert.match(String(approval.body.text), /choosy waits for approval at iteration 4/);
});

test("two runners' senders never send the same notification twice", async () => {
  const goal = await goalNotifying(
    "shared",
    Array.from({ length: 20 }, (_, index) => ({ url: `${webhook.base}/shared-${index}`, events: ["Converged"] })),
  );
  await changePhase(goal.id, "Converged", "TargetsMet", "every target holds");
  const first = new NotificationSender(harness.db, { batch: 3 });
  const second = new NotificationSender(harness.db, { batch: 3 });
  // Rounds side by side, until the outbox is empty.
  while ((await Promise.all([first.sendDue(), second.sendDue()])).some((count) => count > 0));
  for (let index = 0; index < 20; index++) assert.equal(webhook.to(`/shared-${index}`).length, 1, `webhook ${index} got exactly one POST`);
  assert.ok((await notifications(goal.id)).every((row) => row.deliveredAt && row.attempts === 1));
});

test("a redirect is not followed, and a webhook that does not answer in time is a failed attempt", async () => {
  webhook.answer("/moved", { status: 302, headers: { location: `${webhook.base}/elsewhere` } });
  webhook.answer("/slow", { status: 200, delayMs: 2000 });
  const goal = await goalNotifying("odd-hooks", [{ url: `${webhook.base}/moved` }, { url: `${webhook.base}/slow` }]);
  await changePhase(goal.id, "Failed", "WorkspaceError", "no such repository");
  const sender = new NotificationSender(harness.db, { maxAttempts: 1, timeoutMs: 300 });
  await sender.sendDue();
  const rows = await notifications(goal.id);
  const moved = rows.find((row) => row.url.endsWith("/moved"))!;
  assert.equal(moved.lastStatus, 302);
  assert.match(moved.lastError ?? "", /redirects are not followed/);
  assert.ok(moved.failedAt);
  assert.equal(webhook.to("/elsewhere").length, 0);
  const slow = rows.find((row) => row.url.endsWith("/slow"))!;
  assert.equal(slow.lastStatus, null);
  assert.equal(slow.lastError, "no answer within 0.3s");
  assert.ok(slow.failedAt);
});

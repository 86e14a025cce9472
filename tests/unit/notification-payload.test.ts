import assert from "node:assert/strict";
import { test } from "node:test";
import { notificationPayload } from "../../server/notifications/notification-payload";
import { notifyEventFor } from "../../server/notifications/notify-event";
import { webhookOrigin } from "../../server/notifications/webhook-origin";

test("the payload's text is one Slack line saying what happened, with the goal's dashboard link", () => {
  const payload = notificationPayload(
    { goal: "fix-calc", event: "Stalled", phase: "Stalled", reason: "NoProgress", message: "no target improved\nfor 3 iterations", iteration: 5 },
    "https://setpoint.example",
  );
  assert.equal(payload.url, "https://setpoint.example/goals/fix-calc");
  assert.equal(payload.text, "Setpoint: goal fix-calc stalled at iteration 5: no target improved for 3 iterations https://setpoint.example/goals/fix-calc");
  assert.deepEqual(
    { ...payload, text: undefined },
    {
      text: undefined,
      goal: "fix-calc",
      event: "Stalled",
      phase: "Stalled",
      reason: "NoProgress",
      message: "no target improved\nfor 3 iterations",
      iteration: 5,
      url: payload.url,
    },
  );
});

test("a goal's message cannot mention or link anyone in Slack, and a long one is cut", () => {
  const payload = notificationPayload(
    { goal: "g", event: "Failed", phase: "Failed", reason: "AgentFailing", message: `<!channel> & <https://x|y> ${"z".repeat(1000)}`, iteration: null },
    "http://localhost:3000",
  );
  assert.doesNotMatch(payload.text, /[<>]/);
  assert.match(payload.text, /^Setpoint: goal g failed: &lt;!channel&gt; &amp; &lt;https:\/\/x\|y&gt; z+… http:\/\/localhost:3000\/goals\/g$/);
  assert.ok(payload.text.length < 400);
});

test("phase events map to notify events; Drifted is a return to the queue for that reason", () => {
  assert.equal(notifyEventFor("Converged", "TargetsMet"), "Converged");
  assert.equal(notifyEventFor("AwaitingApproval", "ApprovalRequired"), "AwaitingApproval");
  assert.equal(notifyEventFor("Stalled", "NoProgress"), "Stalled");
  assert.equal(notifyEventFor("Failed", "RunnerError"), "Failed");
  assert.equal(notifyEventFor("Queued", "Drifted"), "Drifted");
  assert.equal(notifyEventFor("Queued", "RetryBackoff"), null);
  assert.equal(notifyEventFor("Exhausted", "MaxIterations"), "Exhausted");
  assert.equal(notifyEventFor("NotificationFailed", "DeliveryFailed"), null, "a failed delivery does not notify, or it could loop");
});

test("lists show where a webhook goes, not its secret path or query", () => {
  assert.equal(webhookOrigin("https://hooks.slack.com/services/T000/B000/XXXX"), "https://hooks.slack.com/…");
  assert.equal(webhookOrigin("https://user:pw@example.com:8443/?token=abc"), "https://example.com:8443/…");
  assert.equal(webhookOrigin("http://127.0.0.1:9000/"), "http://127.0.0.1:9000");
});

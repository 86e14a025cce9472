import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "../../server/api/root";
import { calculatorSpec, ROOT, startHarness, type Harness } from "../helpers/loop-harness";
import { startWebhookServer } from "../helpers/webhook-server";

const exec = promisify(execFile);
let harness: Harness;
let webhook: Awaited<ReturnType<typeof startWebhookServer>>;
let api: { url: string; token: string };

before(async () => {
  // Read when the runner starts: links point here, and the failing webhook gives up within a second.
  process.env.SETPOINT_PUBLIC_URL = "https://setpoint.example/";
  process.env.SETPOINT_NOTIFY_BACKOFF_MS = "10";
  // The receiver is on loopback, which Setpoint calls only when told to.
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
  harness = await startHarness();
  webhook = await startWebhookServer();
  api = await harness.serveApi();
  await harness.startRunner(1);
});
after(async () => {
  await harness.close();
  await webhook.close();
});

test("a goal that converges posts one Converged notification with a Slack text; events it does not name post nothing", async () => {
  webhook.answer("/down", 500);
  const repo = await harness.sampleRepo("notified");
  await harness.apply(
    "notified",
    calculatorSpec(repo, {
      notify: [
        { url: `${webhook.base}/converged`, events: ["Converged"] },
        { url: `${webhook.base}/other`, events: ["AwaitingApproval", "Stalled", "Exhausted", "Failed", "Drifted"] },
        { url: `${webhook.base}/down`, events: ["Converged"] },
      ],
    }),
  );
  const goal = await harness.waitForPhase("notified", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  await harness.waitFor(
    "both deliveries to settle",
    async () => {
      const rows = await harness.db.notification.findMany({ where: { goalId: goal.id } });
      return rows.length === 2 && rows.every((row) => row.deliveredAt || row.failedAt);
    },
    30_000,
  );
  // A round of the sender more, to see nothing is sent twice.
  await new Promise((resolve) => setTimeout(resolve, 1500));

  const posts = webhook.to("/converged");
  assert.equal(posts.length, 1, "exactly one POST");
  const body = posts[0].body;
  assert.equal(typeof body.text, "string");
  assert.equal(
    body.text,
    `Setpoint: goal notified converged at iteration ${goal.bestIteration}: every target holds at iteration ${goal.bestIteration} https://setpoint.example/goals/notified`,
  );
  assert.deepEqual(
    { ...body, text: undefined },
    {
      text: undefined,
      goal: "notified",
      event: "Converged",
      phase: "Converged",
      reason: "TargetsMet",
      message: `every target holds at iteration ${goal.bestIteration}`,
      iteration: goal.bestIteration,
      url: "https://setpoint.example/goals/notified",
    },
  );
  assert.equal(webhook.to("/other").length, 0, "no event it names happened");
  assert.equal(webhook.to("/down").length, 8, "the failing webhook was tried 8 times");

  // Visible through the API and in `describe goal`.
  const client = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${api.url}/api/trpc`, headers: { Authorization: `Bearer ${api.token}` } })] });
  const listed = await client.goals.notifications.query({ name: "notified" });
  assert.deepEqual(listed.map((row) => [row.event, row.to, row.status, row.attempts]).sort(), [
    ["Converged", `${webhook.base}/…`, "delivered", 1],
    ["Converged", `${webhook.base}/…`, "failed", 8],
  ]);
  const { stdout } = await exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "describe", "goal", "notified"], {
    cwd: harness.dir,
    env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token },
  });
  const section = stdout.slice(stdout.indexOf("Notifications:"), stdout.indexOf("Events:"));
  assert.match(section, /Converged\s+http:\/\/127\.0\.0\.1:\d+\/…\s+delivered\s+1\s+-/);
  assert.match(section, /Converged\s+http:\/\/127\.0\.0\.1:\d+\/…\s+failed\s+8\s+HTTP 500/);
  assert.match(
    stdout.slice(stdout.indexOf("Events:")),
    /NotificationFailed\s+DeliveryFailed\s+system\s+the Converged notification to http:\/\/127\.0\.0\.1:\d+\/… was not delivered after 8 attempts/,
  );
});

test("a run that uses 80% of its cost budget records one BudgetWarning and posts it once, not again on later iterations", async () => {
  const repo = await harness.sampleRepo("budget-warned");
  // The demo agent is a real child process that reports $0.01 a run: the third run passes 80% of $0.035, and
  // the run goes on past it (to a fourth iteration, converging or exhausting the budget).
  await harness.apply(
    "budget-warned",
    calculatorSpec(repo, {
      stop: { maxIterations: 10, maxCostUsd: 0.035, stallIterations: 5 },
      notify: [{ url: `${webhook.base}/budget`, events: ["BudgetWarning"] }],
    }),
  );
  const goal = await harness.waitForPhase("budget-warned", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.ok(goal.phase === "Converged" || goal.phase === "Exhausted", `${goal.phase}: ${goal.message}`);
  await harness.waitFor(
    "the warning's delivery",
    async () => {
      const rows = await harness.db.notification.findMany({ where: { goalId: goal.id } });
      return rows.length > 0 && rows.every((row) => row.deliveredAt || row.failedAt);
    },
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500)); // a round of the sender more: nothing goes twice

  const warnings = await harness.db.event.findMany({ where: { goalId: goal.id, type: "BudgetWarning" } });
  assert.equal(warnings.length, 1, `one warning for the run: ${warnings.map((event) => event.message).join(" | ")}`);
  const data = warnings[0].data as { iteration: number; budget: string; kind: string };
  assert.equal(data.budget, "cost");
  assert.match(warnings[0].message, /stop\.maxCostUsd/);
  assert.ok(data.iteration <= 3, `warned by the third iteration's $0.03, at iteration ${data.iteration}`);
  const later = (await harness.iterations("budget-warned")).filter((row) => row.number > data.iteration && row.finishedAt);
  assert.ok(later.length >= 1, "an iteration was recorded after the warning, and warned about nothing again");

  const posts = webhook.to("/budget");
  assert.equal(posts.length, 1, "exactly one POST");
  assert.deepEqual(
    [posts[0].body.event, posts[0].body.goal, posts[0].body.iteration, posts[0].body.message],
    ["BudgetWarning", "budget-warned", data.iteration, warnings[0].message],
  );
  assert.match(String(posts[0].body.text), /^Setpoint: goal budget-warned nears a budget at iteration \d+: .*stop\.maxCostUsd/);
});

test("with nobody to notify, the warning is written with the iteration that caused it, once per budget, and queues no delivery", async () => {
  const repo = await harness.sampleRepo("budget-quiet");
  await harness.apply("budget-quiet", calculatorSpec(repo, { stop: { maxIterations: 10, maxCostUsd: 0.035, stallIterations: 5 } }));
  const goal = await harness.waitForPhase("budget-quiet", ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
  assert.ok(goal.phase === "Converged" || goal.phase === "Exhausted", `${goal.phase}: ${goal.message}`);
  const warnings = await harness.db.event.findMany({ where: { goalId: goal.id, type: "BudgetWarning" }, orderBy: { id: "asc" } });
  assert.equal(warnings.length, 1, `one warning for the run: ${warnings.map((event) => event.message).join(" | ")}`);
  const data = warnings[0].data as { iteration: number; budget: string; run: number };
  assert.deepEqual([data.budget, data.run], ["cost", 0]);
  // Written by the iteration's own record, after its result in the goal's history.
  const evaluated = await harness.db.event.findMany({ where: { goalId: goal.id, type: "IterationEvaluated" }, orderBy: { id: "asc" } });
  const result = evaluated.find((event) => (event.data as { iteration?: number }).iteration === data.iteration);
  assert.ok(result && result.id < warnings[0].id, "the warning follows its iteration's result");
  assert.ok(result.createdAt <= warnings[0].createdAt);
  assert.equal(await harness.db.notification.count({ where: { goalId: goal.id } }), 0, "nothing queued for delivery");
});

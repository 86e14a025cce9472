// /api/metrics under `next start`, as Prometheus scrapes it: with a token of any role. Token-less scraping
// from loopback is opt-in (SETPOINT_METRICS_LOOPBACK=1): Next takes X-Forwarded-For from the client when it
// sends one, so "from this machine" is a claim any client can make.
import { expect, test } from "@playwright/test";
import { adminToken } from "./fixtures";

test("Prometheus scrapes /api/metrics with a token and sees the demo goal and the runner; without one, even claiming loopback, it is refused", async ({
  playwright,
}, testInfo) => {
  const local = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, extraHTTPHeaders: { authorization: `Bearer ${adminToken()}` } });
  const stranger = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  expect((await stranger.get("/api/metrics")).status()).toBe(401);
  expect((await stranger.get("/api/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } })).status()).toBe(401);
  await stranger.dispose();
  let text = "";
  await expect
    .poll(
      async () => {
        const response = await local.get("/api/metrics");
        expect(response.status()).toBe(200);
        expect(response.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
        text = await response.text();
        // The demo goal, in whatever phase it has reached; the runner `npm start` runs, with its slots.
        const goals = [...text.matchAll(/^setpoint_goals\{phase="\w+"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
        return goals >= 1 && /^setpoint_runners 1$/m.test(text) && /^setpoint_runner_slots [1-9]\d*$/m.test(text);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  expect(text).toMatch(/^# TYPE setpoint_claim_latency_seconds histogram$/m);
  expect(text).toMatch(/^setpoint_iteration_overhead_seconds_bucket\{le="\+Inf"\} \d+$/m);
  expect(text).toMatch(/^setpoint_iterations_total\{outcome="accepted"\} \d+$/m);

  // What a reverse proxy sends for a client elsewhere, with the client's token.
  const withToken = await local.get("/api/metrics", { headers: { "x-forwarded-for": "203.0.113.7" } });
  expect(withToken.status()).toBe(200);
  await local.dispose();
});

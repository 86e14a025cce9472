import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { GET } from "../../app/api/metrics/route";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";
import { serveRoutes } from "../helpers/serve-routes";

let harness: Harness;
let web: Awaited<ReturnType<typeof serveRoutes>>;

before(async () => {
  // A 3 s lease: the runner's heartbeat (which carries its figures) comes every second.
  process.env.SETPOINT_LEASE_SECONDS = "3";
  process.env.SETPOINT_METRICS_LOOPBACK = "1"; // token-less scraping from this machine, opted into
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url;
  web = await serveRoutes({ "/api/metrics": GET });
});
after(async () => {
  await web?.close();
  await harness?.close();
});

// As `next start` hands the route a request from this machine (it fills X-Forwarded-For from the socket).
async function scrape(headers: Record<string, string> = { "x-forwarded-for": "127.0.0.1" }): Promise<Response> {
  return fetch(`${web.url}/api/metrics`, { headers });
}

async function series(): Promise<Map<string, number>> {
  const response = await scrape();
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const values = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const match = line.match(/^(\S+) (\S+)$/);
    if (match && !line.startsWith("#")) values.set(match[1], Number(match[2]));
  }
  return values;
}

test("only a token of any role or a request from this machine reads the metrics", async () => {
  const viewer = await harness.person("vera", "viewer");
  assert.equal((await scrape({ authorization: `Bearer ${viewer.token}` })).status, 200, "a viewer's token");
  assert.equal((await scrape({ "x-forwarded-for": "::1" })).status, 200, "IPv6 loopback");
  const stranger = await scrape({ "x-forwarded-for": "203.0.113.7" });
  assert.equal(stranger.status, 401);
  assert.match(await stranger.text(), /token of any role/);
  assert.equal((await scrape({})).status, 401, "no address, no token");
  assert.equal((await scrape({ "x-forwarded-for": "203.0.113.7, 127.0.0.1" })).status, 401, "through a proxy from elsewhere");
  assert.equal(
    (await scrape({ authorization: "Bearer spt_not-a-token", "x-forwarded-for": "127.0.0.1" })).status,
    401,
    "a wrong token is refused even from loopback",
  );
  delete process.env.SETPOINT_METRICS_LOOPBACK;
  try {
    assert.equal((await scrape()).status, 401, "loopback is not trusted by default: any client can send X-Forwarded-For");
  } finally {
    process.env.SETPOINT_METRICS_LOOPBACK = "1";
  }
});

test("a runner working goals moves the phase gauge, the iteration counts, both histograms and the takeover count", async () => {
  const before = await series();
  assert.equal(before.get('setpoint_goals{phase="Converged"}'), 0);
  assert.equal(before.get('setpoint_iterations_total{outcome="accepted"}'), 0);
  assert.equal(before.get("setpoint_runners"), 0);
  assert.equal(before.get("setpoint_claim_latency_seconds_count"), 0);

  // One goal left Running by a runner that died (its lease ran out), one freshly queued.
  await harness.apply("orphan", calculatorSpec(await harness.sampleRepo("orphan")));
  await harness.db.goal.update({
    where: { name: "orphan" },
    data: { phase: "Running", leaseOwner: "ghost", leaseEpoch: 1, leaseExpiresAt: new Date(Date.now() - 1000) },
  });
  await harness.apply("fresh", calculatorSpec(await harness.sampleRepo("fresh")));
  assert.equal((await series()).get('setpoint_goals{phase="Queued"}'), 1);
  assert.equal((await series()).get('setpoint_goals{phase="Running"}'), 1);

  await harness.startRunner(2);
  for (const name of ["orphan", "fresh"])
    assert.equal((await harness.waitForPhase(name, ["Converged", "Stalled", "Exhausted", "Failed"], 180_000)).phase, "Converged");
  const finished = await harness.db.iteration.count({ where: { phase: { in: ["Evaluated", "AgentFailed"] } } });
  const accepted = await harness.db.iteration.count({ where: { phase: "Evaluated", accepted: true } });
  // The runner's figures arrive with its next heartbeat.
  const after = await harness.waitFor(
    "the runner's figures",
    async () => {
      const values = await series();
      return values.get("setpoint_iteration_overhead_seconds_count") === finished && values.get("setpoint_runner_slots_busy") === 0 ? values : null;
    },
    20_000,
  );

  assert.equal(after.get('setpoint_goals{phase="Converged"}'), 2);
  assert.equal(after.get('setpoint_goals{phase="Queued"}'), 0);
  assert.equal(after.get('setpoint_iterations_total{outcome="accepted"}'), accepted);
  assert.ok(accepted >= 2, `each goal accepted its baseline at least (${accepted})`);
  const outcomes = ["accepted", "rejected", "agent_failed", "interrupted"].map(
    (outcome) => after.get(`setpoint_iterations_total{outcome="${outcome}"}`) ?? NaN,
  );
  assert.equal(
    outcomes.reduce((a, b) => a + b, 0),
    await harness.db.iteration.count(),
  );
  assert.equal(after.get("setpoint_iterations_running"), 0);
  assert.equal(after.get("setpoint_runners"), 1);
  assert.equal(after.get("setpoint_runner_slots"), 2);
  assert.equal(after.get("setpoint_lease_takeovers_total"), 1, "the orphan was taken over; the fresh goal was not");
  // Each goal was claimed at least once; a claim's wait is counted in exactly one bucket.
  const claims = after.get("setpoint_claim_latency_seconds_count")!;
  assert.ok(claims >= 2, `claims counted: ${claims}`);
  assert.equal(after.get('setpoint_claim_latency_seconds_bucket{le="+Inf"}'), claims);
  assert.ok(after.get("setpoint_iteration_overhead_seconds_sum")! > 0);
  assert.equal(after.get('setpoint_iteration_overhead_seconds_bucket{le="+Inf"}'), finished);
  assert.equal(after.get("setpoint_notifications_pending"), 0);
});

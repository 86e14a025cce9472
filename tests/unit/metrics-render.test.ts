import assert from "node:assert/strict";
import { test } from "node:test";
import {
  emptyRunnerFigures,
  observe,
  readRunnerFigures,
  addRunnerFigures,
  CLAIM_LATENCY_BOUNDS,
  ITERATION_OVERHEAD_BOUNDS,
} from "../../server/metrics/runner-figures";
import { renderMetrics } from "../../server/metrics/render-metrics";
import type { MetricsSnapshot } from "../../server/metrics/read-metrics";

function snapshot(runners = emptyRunnerFigures()): MetricsSnapshot {
  return {
    goalsByPhase: { Queued: 2, Running: 1 },
    iterationsByOutcome: { accepted: 5, rejected: 1 },
    iterationsRunning: 1,
    notificationsPending: 0,
    oldestPendingNotificationSeconds: 0,
    runnersAlive: 2,
    slots: 8,
    slotsBusy: 3,
    runners,
  };
}

test("two runners' claim latencies add up into cumulative buckets, with _sum and _count, as Prometheus reads a histogram", async () => {
  const one = emptyRunnerFigures();
  const two = emptyRunnerFigures();
  observe(one.claimLatencySeconds, CLAIM_LATENCY_BOUNDS, 0.004);
  observe(one.claimLatencySeconds, CLAIM_LATENCY_BOUNDS, 0.2);
  observe(two.claimLatencySeconds, CLAIM_LATENCY_BOUNDS, 1000);
  two.takeovers = 2;
  // Through the JSON column and back, as the web process reads them.
  const total = addRunnerFigures(readRunnerFigures(JSON.parse(JSON.stringify(one))), readRunnerFigures(JSON.parse(JSON.stringify(two))));
  const text = await renderMetrics(snapshot(total));
  assert.match(text, /^# TYPE setpoint_claim_latency_seconds histogram$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_bucket\{le="0\.005"\} 1$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_bucket\{le="0\.1"\} 1$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_bucket\{le="0\.25"\} 2$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_bucket\{le="300"\} 2$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_bucket\{le="\+Inf"\} 3$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_sum 1000\.204$/m);
  assert.match(text, /^setpoint_claim_latency_seconds_count 3$/m);
  assert.match(text, /^setpoint_iteration_overhead_seconds_count 0$/m);
  assert.match(text, /^setpoint_lease_takeovers_total 2$/m);
  assert.match(text, /^setpoint_goals\{phase="Queued"\} 2$/m);
  assert.match(text, /^setpoint_iterations_total\{outcome="accepted"\} 5$/m);
  assert.match(text, /^setpoint_runner_slots_busy 3$/m);
});

test("figures a runner stored before the column existed, or with other bucket bounds, count as nothing rather than wrongly", () => {
  assert.deepEqual(readRunnerFigures({}), emptyRunnerFigures());
  const other = emptyRunnerFigures();
  other.iterationOverheadSeconds.counts = [1, 2, 3];
  other.iterationOverheadSeconds.count = 6;
  other.takeovers = 4;
  const read = readRunnerFigures(JSON.parse(JSON.stringify(other)));
  assert.equal(read.iterationOverheadSeconds.count, 0);
  assert.equal(read.iterationOverheadSeconds.counts.length, ITERATION_OVERHEAD_BOUNDS.length + 1);
  assert.equal(read.takeovers, 4);
});

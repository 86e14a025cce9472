// A snapshot in Prometheus's text format through prom-client: a fresh registry per scrape, since every
// figure is read from Postgres (the web process measures nothing itself). Histograms come as bucket
// counts added over runners, which prom-client's Histogram cannot be given, so they are written as
// metric objects of type histogram that its registry prints like its own.
import { Counter, Gauge, Registry, type Metric } from "prom-client";
import { CLAIM_LATENCY_BOUNDS, ITERATION_OVERHEAD_BOUNDS, type HistogramFigures } from "./runner-figures";
import type { MetricsSnapshot } from "./read-metrics";

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export async function renderMetrics(snapshot: MetricsSnapshot): Promise<string> {
  const registry = new Registry();
  const registers = [registry];
  const goals = new Gauge({ name: "setpoint_goals", help: "Goals in each phase.", labelNames: ["phase"], registers });
  for (const [phase, count] of Object.entries(snapshot.goalsByPhase)) goals.set({ phase }, count);
  const iterations = new Counter({
    name: "setpoint_iterations_total",
    help: "Iterations finished, by outcome: accepted, rejected (measured, not kept), agent_failed, interrupted (redone).",
    labelNames: ["outcome"],
    registers,
  });
  for (const [outcome, count] of Object.entries(snapshot.iterationsByOutcome)) iterations.inc({ outcome }, count);
  gauge(registers, "setpoint_iterations_running", "Iterations under way now.", snapshot.iterationsRunning);
  const takeovers = new Counter({ name: "setpoint_lease_takeovers_total", help: "Claims of a goal whose runner had stopped renewing its lease.", registers });
  takeovers.inc(snapshot.runners.takeovers);
  gauge(registers, "setpoint_runners", "Runner processes alive (a heartbeat within a lease).", snapshot.runnersAlive);
  gauge(registers, "setpoint_runner_slots", "Slots of the runners alive.", snapshot.slots);
  gauge(registers, "setpoint_runner_slots_busy", "Slots working on a goal, as of each runner's last heartbeat.", snapshot.slotsBusy);
  gauge(
    registers,
    "setpoint_notifications_pending",
    "Outbox rows (webhooks, pull request updates) neither delivered nor given up.",
    snapshot.notificationsPending,
  );
  gauge(
    registers,
    "setpoint_notifications_oldest_pending_seconds",
    "Age of the oldest pending outbox row (0: none).",
    snapshot.oldestPendingNotificationSeconds,
  );
  registry.registerMetric(
    histogram(
      "setpoint_claim_latency_seconds",
      "From a goal becoming due (or its old lease running out) to a runner's claim.",
      CLAIM_LATENCY_BOUNDS,
      snapshot.runners.claimLatencySeconds,
    ),
  );
  registry.registerMetric(
    histogram(
      "setpoint_iteration_overhead_seconds",
      "An iteration's wall time less its agent's and its layers' (setup, git, recording).",
      ITERATION_OVERHEAD_BOUNDS,
      snapshot.runners.iterationOverheadSeconds,
    ),
  );
  return registry.metrics();
}

function gauge(registers: Registry[], name: string, help: string, value: number): void {
  new Gauge({ name, help, registers }).set(value);
}

// Cumulative buckets (le), then _sum and _count, as prom-client's own Histogram prints them.
function histogram(name: string, help: string, bounds: readonly number[], figures: HistogramFigures): Metric {
  let running = 0;
  const buckets = [...bounds.map(String), "+Inf"].map((le, index) => {
    running += figures.counts[index];
    return { metricName: `${name}_bucket`, labels: { le }, value: running };
  });
  const values = [...buckets, { metricName: `${name}_sum`, labels: {}, value: figures.sum }, { metricName: `${name}_count`, labels: {}, value: figures.count }];
  const metric = {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    collect: () => {},
    get: async () => ({ name, help, type: "histogram", aggregator: "sum", values }),
  };
  return metric as unknown as Metric;
}

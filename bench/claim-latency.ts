// `npm run bench:claim`: how long queued work waits for an idle runner. One runner process (4 slots,
// listening) on the embedded Postgres; a goal is queued, and the time runs from the queuing commit to
// the runner's claim (the lease taken: the runner has the goal, as a queue's worker has a job) and to
// the goal's Running event (what a viewer sees). graphile-worker, a dedicated Postgres job queue, is
// measured on the same database the same way: from addJob's commit to the task starting. Prints each
// figure, then one JSON line of them all.
import path from "node:path";
import { Logger, makeWorkerUtils, run as runGraphileWorker } from "graphile-worker";
import type { Db } from "../server/db/client";
import { applyGoal, validateManifest } from "../server/goals/apply-goal";
import { TERMINAL_PHASES } from "../server/loop/types";
import { API_VERSION } from "../server/spec/goal-spec";
import { makeRepository, startRunnerProcess, stopProcess, withBenchDatabase } from "./bench-setup";
import { createFigures, quantile } from "./figures";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
const WARM_UP = 5;

const { figures, record } = createFigures();

async function main(): Promise<void> {
  await withBenchDatabase("claim", async ({ scratch, url, db }) => {
    const repo = await makeRepository(path.join(scratch, "repo"));
    const runner = await startRunnerProcess(url, path.join(scratch, "work"), 4);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500)); // listening
      const ours = await measureOurs(db, repo);
      record("claimLatencyMsP50", quantile(ours.claimed, 0.5), "ms", `queue commit to a runner's claim, ${ours.claimed.length} goals, idle runner listening`);
      record("claimLatencyMsP99", quantile(ours.claimed, 0.99), "ms");
      record("runningLatencyMsP50", quantile(ours.running, 0.5), "ms", "queue commit to the goal's Running event");
      record("runningLatencyMsP99", quantile(ours.running, 0.99), "ms");
      const peer = await measureGraphileWorker(url);
      record("peerClaimLatencyMsP50", quantile(peer, 0.5), "ms", `graphile-worker: addJob commit to task start, ${peer.length} jobs`);
      record("peerClaimLatencyMsP99", quantile(peer, 0.99), "ms");
      // From the medians before rounding: both are often under a millisecond, and a rounded 0 made it null.
      record("claimLatencyRatio", quantile(ours.claimed, 0.5) / quantile(peer, 0.5), "×", "ours over graphile-worker's, at the median", 2);
    } finally {
      await stopProcess(runner);
    }
  });
  console.log(`\n${JSON.stringify({ bench: "claim", samples: SAMPLES, ...figures })}`);
}

// Goals that converge at their baseline, so the runner is idle again before the next one is queued.
async function measureOurs(db: Db, repo: string): Promise<{ claimed: number[]; running: number[] }> {
  const claimed: number[] = [];
  const running: number[] = [];
  for (let index = 0; index < SAMPLES + WARM_UP; index += 1) {
    const name = `claim-${index}`;
    const manifest = validateManifest({
      apiVersion: API_VERSION,
      kind: "Goal",
      metadata: { name },
      spec: {
        intent: "Already true.",
        workspace: { repo },
        agent: { executor: "command", command: "true" },
        metrics: [{ metric: "check.ok", target: "== 1" }],
        evaluation: { layers: [{ name: "check", run: "true" }] },
      },
    });
    await applyGoal(db, manifest, "bench");
    const queuedAt = nowMs();
    const runningAt = await waitFor(async () => {
      const event = await db.event.findFirst({ where: { goalName: name, type: "Running" }, select: { createdAt: true } });
      return event?.createdAt.getTime() ?? null;
    });
    // To the microsecond Postgres keeps, not the millisecond of a Date.
    const [{ claimedAt }] = await db.$queryRaw<{ claimedAt: number }[]>`
      SELECT (extract(epoch FROM "leaseClaimedAt") * 1000)::float8 AS "claimedAt" FROM "Goal" WHERE name = ${name}`;
    await waitFor(async () => {
      const goal = await db.goal.findUnique({ where: { name }, select: { phase: true, leaseOwner: true, leaseExpiresAt: true } });
      return goal && TERMINAL_PHASES.includes(goal.phase as never) ? true : null;
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the slot is back to waiting
    if (index >= WARM_UP) {
      claimed.push(Math.max(0, claimedAt - queuedAt));
      running.push(Math.max(0, runningAt - queuedAt));
    }
  }
  return { claimed, running };
}

async function measureGraphileWorker(connectionString: string): Promise<number[]> {
  let started: (() => void) | null = null;
  const utils = await makeWorkerUtils({ connectionString });
  await utils.migrate();
  const worker = await runGraphileWorker({
    connectionString,
    concurrency: 4,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: quietLogger(),
    taskList: {
      noop: async () => {
        started?.();
      },
    },
  });
  const latencies: number[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 500)); // listening
    for (let index = 0; index < SAMPLES + WARM_UP; index += 1) {
      const ran = new Promise<number>((resolve) => {
        started = () => resolve(nowMs());
      });
      await utils.addJob("noop", {});
      const queuedAt = nowMs();
      const startedAt = await ran;
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (index >= WARM_UP) latencies.push(Math.max(0, startedAt - queuedAt));
    }
  } finally {
    await worker.stop();
    await utils.release();
  }
  return latencies;
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting for the runner");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

// The wall clock to a fraction of a millisecond (Date.now() counts whole ones): claims take about one.
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

// graphile-worker logs every job; the benchmark prints only its figures.
function quietLogger(): Logger {
  return new Logger(() => () => {});
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

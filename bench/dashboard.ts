// `npm run bench:dashboard`: the dashboard at the sizes the scale-out issue names: 2,000 goals with
// 200,000 iterations and 1,000,000 metric samples between them, one goal with 1,000 iterations, on the
// embedded Postgres. It times the domain reads behind the pages (and prints their query plans), then the
// production build (`npm start`, no runners): the server's render, 50 live streams seeing a phase change,
// the web server's memory, and the pages in Debian's Chromium, the fleet view's scroll counted frame by
// frame. Prints each figure as a median (and p95 or p99) of several runs, then one JSON line of them all,
// with the machine's load average while it ran (the figures move with it). BENCH_ITERATIONS_PER_GOAL=20
// seeds less.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { SESSION_COOKIE } from "../server/auth/session-cookie";
import { readBoard } from "../server/board/read-board";
import { decodeCursor } from "../server/board/board-cursor";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createDb, type Db } from "../server/db/client";
import { PrismaClient } from "../server/generated/prisma/client";
import { controlGoal } from "../server/goals/control-goal";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { createSampleRepository } from "../server/demo/seed-demo";
import { applyGoal, validateManifest } from "../server/goals/apply-goal";
import { readGoalPage } from "../server/goals/read-goal-page";
import { parseFleetQuery } from "../server/fleet/fleet-query";
import { readFleet } from "../server/fleet/read-fleet";
import { readFleetSparklines } from "../server/fleet/read-fleet-sparklines";
import { readSummary } from "../server/fleet/read-summary";
import { API_VERSION } from "../server/spec/goal-spec";
import { CHROMIUM } from "../e2e/chromium";
import { createFigures, quantile } from "./figures";
import { seedFleet } from "./seed-fleet";

const ROOT = path.resolve(import.meta.dirname, "..");
const GOALS = 2000;
const ITERATIONS_PER_GOAL = Number(process.env.BENCH_ITERATIONS_PER_GOAL ?? 100);
const METRICS_PER_ITERATION = 5;
const LIVE_STREAMS = 50;
const LIVE_ROUNDS = 10;
const BIG_GOAL_ITERATIONS = 1000;
const READ_RUNS = 30;
const PAGE_RUNS = 7;
// The tab's JS heap is read through performance.memory, which needs precise memory info.
const CHROMIUM_ARGS = [...CHROMIUM.args, "--enable-precise-memory-info"];

const { figures, record } = createFigures();

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm the pool, the plans and the caches
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const load = watchLoadAverage();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-"));
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"), { throwaway: true });
  let web: ChildProcess | undefined;
  try {
    await migrate(postgres.url);
    const { db, pool } = createDb(postgres.url, 5);
    console.log(
      `seeding ${GOALS.toLocaleString("en")} goals × ${ITERATIONS_PER_GOAL} iterations × ${METRICS_PER_ITERATION} metrics and one goal with ${BIG_GOAL_ITERATIONS.toLocaleString("en")} iterations…`,
    );
    const seeding = performance.now();
    await seed(db, scratch);
    const [sizes] = await db.$queryRaw<{ iterations: number; samples: number }[]>`
      SELECT count(*)::int AS iterations, sum((SELECT count(*) FROM jsonb_object_keys(metrics)))::int AS samples FROM "Iteration"`;
    console.log(
      `${sizes.iterations.toLocaleString("en")} iterations, ${sizes.samples.toLocaleString("en")} metric samples, in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    console.log("\ndomain reads (embedded Postgres, warm)");
    const all = { text: "", labels: {}, labelKeys: [], phase: null };
    const board = await timeRuns(READ_RUNS, () => readBoard(db, all));
    record("boardQueryMsP50", quantile(board, 0.5), "ms", "every column's first page, the counts, the sparklines");
    record("boardQueryMsP95", quantile(board, 0.95), "ms");
    const filtered = await timeRuns(READ_RUNS, () => readBoard(db, { text: "bench-1", labels: { team: "team-3" }, labelKeys: [], phase: null }));
    record("boardFilteredReadMsP50", quantile(filtered, 0.5), "ms", "text + label filter");
    const first = await readBoard(db, all);
    const cursor = decodeCursor(first.columns.find((column) => column.key === "ended")!.nextCursor)!;
    const paged = await timeRuns(READ_RUNS, () => readBoard(db, all, { ended: cursor }));
    record("boardSecondPageMsP50", quantile(paged, 0.5), "ms", "a column opened to its second page");
    const goalPage = await timeRuns(READ_RUNS, () => readGoalPage(db, "bench-thousand"));
    record("goalPageMsP50", quantile(goalPage, 0.5), "ms", "1,000-iteration goal: chart data, status, first page of iterations, events");
    record("goalPageMsP95", quantile(goalPage, 0.95), "ms");
    const everyGoal = parseFleetQuery({}).filter;
    const fleetRead = await timeRuns(READ_RUNS, () => readFleet(db, everyGoal));
    record("fleetReadMsP50", quantile(fleetRead, 0.5), "ms", `every goal's row for the fleet view (${GOALS.toLocaleString("en")} rows)`);
    record("fleetReadMsP95", quantile(fleetRead, 0.95), "ms");
    const firstScreen = (await readFleet(db, everyGoal)).rows.slice(0, 60).map((row) => row.name);
    const sparklines = await timeRuns(READ_RUNS, () => readFleetSparklines(db, firstScreen));
    record("fleetSparklinesMsP50", quantile(sparklines, 0.5), "ms", "the sparklines of a screenful of rows (60)");
    const summary = await timeRuns(READ_RUNS, () => readSummary(db));
    record("summaryReadMsP50", quantile(summary, 0.5), "ms", "the summary strip: phases, gates, last hour, spend today, budgets (two statements)");
    record("summaryReadMsP95", quantile(summary, 0.95), "ms");
    await printPlans(postgres.url, [
      ["the board", (planned) => readBoard(planned, all)],
      ["the 1,000-iteration goal's page", (planned) => readGoalPage(planned, "bench-thousand")],
      ["the fleet view", (planned) => readFleet(planned, everyGoal)],
      ["the fleet view's sparklines", (planned) => readFleetSparklines(planned, firstScreen)],
      ["the summary strip", (planned) => readSummary(planned)],
    ]);

    console.log("\npages in Chromium (production build, served by `npm start` with no runners)");
    const dataDir = path.join(scratch, "data");
    const port = 3990 + Math.floor(Math.random() * 9);
    web = await startWeb(postgres.url, dataDir, port);
    // A dashboard session, signed in as the first admin the way a person does.
    const token = await signInSession(`http://127.0.0.1:${port}`, fs.readFileSync(path.join(dataDir, "admin-password"), "utf8").trim());
    const memory = watchPeakRss(nextServerPid(web.pid!));
    await measureServerRender(`http://127.0.0.1:${port}`, token);
    await measureLiveUpdates(db, `http://127.0.0.1:${port}`, token);
    await measurePages(`http://127.0.0.1:${port}`, token);
    record(
      "webRssMb",
      memory.stop(),
      "MB",
      "peak resident memory of the web server (`next start` and what it starts) through the renders, streams and pages above",
    );
    await db.$disconnect();
    await pool.end();
  } finally {
    if (web) await stopWeb(web);
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${JSON.stringify({ bench: "dashboard", goals: GOALS, bigGoalIterations: BIG_GOAL_ITERATIONS, loadAverage: load.stop(), ...figures })}`);
}

// One real goal (applied as a user would, on a real sample repository) and 2,000 copies of its spec
// spread over every phase, executor and repository (seed-fleet.ts), each with 100 measured iterations;
// the real one gets 1,000 iterations whose prompts and diffs are of a realistic size, so a read that
// fetched them would show.
async function seed(db: ReturnType<typeof createDb>["db"], scratch: string): Promise<void> {
  const repo = path.join(scratch, "repo");
  await createSampleRepository(repo);
  const manifest = validateManifest({
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "bench-thousand", labels: { team: "bench" } },
    spec: {
      intent: "Make every test pass and keep them quick.",
      workspace: { repo },
      agent: { executor: "demo" },
      metrics: [
        { metric: "tests.pass_ratio", target: ">= 1" },
        { metric: "lint.ok", target: "== 1" },
        { metric: "tests.duration_s", target: "<= 2" },
      ],
      evaluation: {
        layers: [
          { name: "tests", run: "npm test", parse: "tap" },
          { name: "lint", run: "npm run lint" },
        ],
      },
      stop: { maxIterations: 1000 },
    },
  });
  await applyGoal(db, manifest, "bench");
  await seedFleet((sql) => db.$executeRawUnsafe(sql), { goals: GOALS, iterationsPerGoal: ITERATIONS_PER_GOAL, baseGoal: "bench-thousand", prefix: "bench-" });
  await db.$executeRawUnsafe(`
    INSERT INTO "Iteration" (id, "goalId", number, generation, phase, metrics, accepted, regression, prompt, diff, "agentOutput", "leaseEpoch", "startedAt", "finishedAt")
    SELECT gen_random_uuid(), g.id, i, 1, CASE WHEN i % 97 = 0 THEN 'Rejected' ELSE 'Accepted' END,
      jsonb_build_object('tests.pass_ratio', least(1, i / 999.0 + 0.05 * sin(i)), 'lint.ok', (i % 3 > 0)::int, 'tests.duration_s', 2 + cos(i / 50.0)),
      i % 97 <> 0, i % 89 = 0, repeat('p', 20000), repeat('d', 20000), repeat('o', 20000), 1,
      now() - (${BIG_GOAL_ITERATIONS} - i) * interval '1 minute', now() - (${BIG_GOAL_ITERATIONS} - i) * interval '1 minute' + interval '40 seconds'
    FROM "Goal" g CROSS JOIN generate_series(0, ${BIG_GOAL_ITERATIONS - 1}) AS i WHERE g.name = 'bench-thousand'`);
  await db.$executeRawUnsafe(
    `UPDATE "Goal" SET phase = 'Converged', reason = 'TargetsMet', "currentIteration" = ${BIG_GOAL_ITERATIONS - 1}, "bestIteration" = ${BIG_GOAL_ITERATIONS - 1}, "runStartedAt" = now() - interval '1 day' WHERE name = 'bench-thousand'`,
  );
  await db.$executeRawUnsafe(`ANALYZE`);
}

async function startWeb(databaseUrl: string, dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SETPOINT_DATA_DIR: dataDir,
      PORT: String(port),
      SETPOINT_RUNNERS: "0",
      SETPOINT_DEMO: "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 300_000; // a first start builds the dashboard
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output}`);
    if (/Ready in/.test(output)) {
      const answer = await fetch(`http://127.0.0.1:${port}/sign-in`).catch(() => null);
      if (answer?.ok) return child;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the web server did not start within 5 minutes:\n${output}`);
}

async function stopWeb(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

async function signInSession(baseUrl: string, password: string): Promise<string> {
  const form = new URLSearchParams({ name: "admin", password }); // what the sign-in form sends
  const answer = await fetch(`${baseUrl}/api/session`, { method: "POST", body: form, redirect: "manual" });
  const cookie = answer.headers.get("set-cookie")?.match(new RegExp(`${SESSION_COOKIE}=([^;]+)`))?.[1];
  if (!cookie) throw new Error(`signing in as admin failed: ${answer.status}`);
  return decodeURIComponent(cookie);
}

// The server's part alone: the whole HTML of each page, as fetched without a browser.
async function measureServerRender(baseUrl: string, token: string): Promise<void> {
  for (const [name, url] of [
    ["boardHtmlMsP50", "/"],
    ["goalHtmlMsP50", "/goals/bench-thousand"],
    ["fleetHtmlMsP50", "/fleet"],
  ]) {
    const times = await timeRuns(PAGE_RUNS, async () => {
      const answer = await fetch(`${baseUrl}${url}`, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
      if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
      await answer.text();
    });
    record(name, quantile(times, 0.5), "ms", `${url}: the server renders the whole page`);
  }
}

// Each page is opened afresh several times; "ready" is when what a person came for is on screen:
// the board's five columns with their cards, the goal's charts drawn on their canvases.
async function measurePages(baseUrl: string, token: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM.executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl }]);

    // The floor: a page with next to nothing on it, through the same layout, browser and server.
    const floor = await openRepeatedly(page, "/runners", async () => {
      await page.getByRole("heading", { name: "Runners" }).waitFor();
    });
    record("floorPageReadyMsP50", floor.ready, "ms", "/runners with no runners: what any page costs here");

    const board = await openRepeatedly(page, "/", async () => {
      await page.locator('[data-testid="board-column"]').nth(4).locator('[data-testid="goal-card"]').first().waitFor();
    });
    record("boardPageReadyMsP50", board.ready, "ms", "navigation to 5 columns of cards on screen");
    record("boardPageHtmlKb", board.htmlKb, "KB", "the board's HTML, as sent");
    record(
      "boardPageDomNodes",
      board.domNodes,
      "nodes",
      `${await page.locator('[data-testid="goal-card"]').count()} cards rendered of ${GOALS.toLocaleString("en")}`,
    );
    record("boardPageJsHeapMb", board.heapMb, "MB");

    const goal = await openRepeatedly(page, "/goals/bench-thousand", async () => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-metric"] canvas').length === 3);
    });
    record("goalPageReadyMsP50", goal.ready, "ms", `navigation to 3 charts × ${BIG_GOAL_ITERATIONS.toLocaleString("en")} iterations drawn`);
    record("goalPageHtmlKb", goal.htmlKb, "KB");
    record("goalPageJsHeapMb", goal.heapMb, "MB");

    // The fleet view: the first rows are in the page's HTML; every row is then read as JSON, after which
    // the view can sort and group.
    const fleet = await openRepeatedly(page, "/fleet", async () => {
      await page.locator('[data-testid="fleet-row"]').first().waitFor();
    });
    record("fleetPageFirstRowsMsP50", fleet.ready, "ms", `navigation to the first rows of ${GOALS.toLocaleString("en")} on screen (target: within 1 s)`);
    const everyRow = await openRepeatedly(page, "/fleet", async () => {
      await page.locator('[data-testid="fleet-count"][data-ready="true"]').waitFor();
    });
    record("fleetPageAllRowsMsP50", everyRow.ready, "ms", "navigation until every row is in the browser (sorting and grouping work)");
    record("fleetPageHtmlKb", everyRow.htmlKb, "KB", "the fleet view's HTML, as sent (its first screen)");
    record(
      "fleetPageDomNodes",
      everyRow.domNodes,
      "nodes",
      `${await page.locator('[data-testid="fleet-row"]').count()} rows in the page of ${GOALS.toLocaleString("en")}`,
    );
    record("fleetPageJsHeapMb", everyRow.heapMb, "MB");
    await measureFleetScroll(page);
  } finally {
    await browser.close();
  }
}

async function openRepeatedly(page: Page, url: string, ready: () => Promise<void>) {
  const times: number[] = [];
  for (let run = 0; run < PAGE_RUNS + 1; run += 1) {
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await ready();
    if (run > 0) times.push(performance.now() - started); // the first opening warms the server's caches
  }
  const facts = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
    return { htmlBytes: navigation?.encodedBodySize ?? 0, domNodes: document.getElementsByTagName("*").length, heap: memory?.usedJSHeapSize ?? 0 };
  });
  return { ready: quantile(times, 0.5), htmlKb: facts.htmlBytes / 1024, domNodes: facts.domNodes, heapMb: facts.heap / 1024 / 1024 };
}

const SCROLL_PX_PER_FRAME = 100; // 6,000 px/s at 60 fps: a fast flick through the list
const SCROLL_SECONDS = 4;

// A scripted scroll down the fleet view, a step each animation frame, counting frames: a frame later than
// 1.5 refresh intervals after the one before dropped round(gap / interval) - 1 frames. Run three times;
// the median run by dropped frames is reported.
async function measureFleetScroll(page: Page): Promise<void> {
  const runs: { frames: number; dropped: number; p95: number; fps: number }[] = [];
  for (let run = 0; run < 3; run += 1) {
    await page.goto("/fleet");
    await page.locator('[data-testid="fleet-count"][data-ready="true"]').waitFor();
    await page.waitForTimeout(500);
    // A string, not a function: tsx would add its helpers to a function's source, which the page lacks.
    runs.push(
      await page.evaluate(`(async () => {
      const times = [];
      await new Promise((resolve) => {
        const started = performance.now();
        const frame = (now) => {
          times.push(now);
          window.scrollBy(0, ${SCROLL_PX_PER_FRAME});
          if (now - started < ${SCROLL_SECONDS * 1000} && scrollY + innerHeight < document.body.scrollHeight - 1) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      const interval = 1000 / 60;
      const gaps = times.slice(1).map((time, index) => time - times[index]);
      const dropped = gaps.reduce((sum, gap) => sum + (gap > 1.5 * interval ? Math.round(gap / interval) - 1 : 0), 0);
      const sorted = [...gaps].sort((a, b) => a - b);
      return { frames: times.length, dropped, p95: sorted[Math.floor(0.95 * (sorted.length - 1))], fps: (times.length - 1) / ((times.at(-1) - times[0]) / 1000) };
    })()`),
    );
  }
  const median = [...runs].sort((a, b) => a.dropped - b.dropped)[1];
  record("fleetScrollFps", median.fps, "fps", `scrolling ${SCROLL_PX_PER_FRAME} px a frame for ${SCROLL_SECONDS} s (median of 3 runs by dropped frames)`);
  record("fleetScrollDroppedFrames", median.dropped, "frames", `of ${median.frames + median.dropped} at 60 fps`);
  record("fleetScrollFrameMsP95", median.p95, "ms", "time between two frames, p95");
}

// The machine's 1-minute load average through the run, sampled every 5 s: its mean and its peak.
function watchLoadAverage(): { stop: () => { mean: number; max: number } } {
  const samples: number[] = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 5000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      const round = (value: number) => Math.round(value * 10) / 10;
      return { mean: round(samples.reduce((sum, value) => sum + value, 0) / samples.length), max: round(Math.max(...samples)) };
    },
  };
}

// 50 viewers with the live stream open (as 50 dashboard tabs hold one each); a goal is paused and
// resumed in turn, and each stream's time from the change to seeing it is one sample.
async function measureLiveUpdates(db: Db, baseUrl: string, token: string): Promise<void> {
  const controller = new AbortController();
  const streams = await Promise.all(Array.from({ length: LIVE_STREAMS }, () => openLiveStream(baseUrl, token, controller.signal)));
  const samples: number[] = [];
  try {
    for (let round = 0; round < LIVE_ROUNDS + 1; round += 1) {
      const [action, phase] = round % 2 === 0 ? (["pause", "Paused"] as const) : (["resume", "Queued"] as const);
      const seen = streams.map((stream) => stream.next((event) => event.goal === LIVE_GOAL && event.type === phase));
      const started = performance.now();
      await controlGoal(db, LIVE_GOAL, action, "bench");
      const times = await Promise.all(seen.map((arrival) => arrival.then((at) => at - started)));
      if (round > 0) samples.push(...times); // the first round warms the route
    }
  } finally {
    controller.abort();
  }
  record("liveUpdateMsP50", quantile(samples, 0.5), "ms", `a phase change seen by each of ${LIVE_STREAMS} open live streams, ${LIVE_ROUNDS} changes`);
  record("liveUpdateMsP99", quantile(samples, 0.99), "ms");
}

const LIVE_GOAL = "bench-9"; // seeded Queued: it can be paused and resumed without a runner

type LiveMessage = { goal?: string; type?: string };

// The dashboard's stream as a browser opens it: tRPC's SSE subscription, signed in by the session cookie.
async function openLiveStream(baseUrl: string, token: string, signal: AbortSignal) {
  const answer = await fetch(`${baseUrl}/api/trpc/live.events`, { headers: { accept: "text/event-stream", cookie: `${SESSION_COOKIE}=${token}` }, signal });
  if (!answer.ok || !answer.body) throw new Error(`the live stream answered ${answer.status}`);
  const waiting = new Set<{ match: (event: LiveMessage) => boolean; resolve: (at: number) => void }>();
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      const at = performance.now();
      for (const line of lines) {
        if (!line.startsWith("data:")) continue;
        const event = (() => {
          try {
            return JSON.parse(line.slice(5)) as LiveMessage;
          } catch {
            return null;
          }
        })();
        if (!event) continue;
        for (const each of [...waiting])
          if (each.match(event)) {
            waiting.delete(each);
            each.resolve(at);
          }
      }
    }
  })();
  return { next: (match: (event: LiveMessage) => boolean) => new Promise<number>((resolve) => waiting.add({ match, resolve })) };
}

// `npm start` supervises; the web server is its `next start` child (which renames itself next-server).
function nextServerPid(startPid: number): number {
  const pid = processTree(startPid).find((each) => {
    try {
      return /next-server|next\/dist\/bin\/next/.test(fs.readFileSync(`/proc/${each}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  });
  if (!pid) throw new Error("no `next start` process under npm start");
  return pid;
}

// The web server is `next start` and what it starts: the peak of their resident memory together.
function watchPeakRss(rootPid: number): { stop: () => number } {
  let peakKb = 0;
  const sample = () => {
    const total = processTree(rootPid).reduce((sum, pid) => sum + rssKb(pid), 0);
    peakKb = Math.max(peakKb, total);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peakKb / 1024;
    },
  };
}

function processTree(pid: number): number[] {
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  return [
    pid,
    ...children.flatMap((child) => {
      try {
        return processTree(child);
      } catch {
        return [];
      }
    }),
  ];
}

function rssKb(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

// EXPLAIN (ANALYZE) of every statement a read sends, on the seeded data: which index each one uses.
async function printPlans(url: string, reads: [string, (db: Db) => Promise<unknown>][]): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2, options: "-c TimeZone=UTC" });
  const logged: { query: string; params: unknown[] }[] = [];
  const planned = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: "event", level: "query" }] });
  planned.$on("query", (event) => logged.push({ query: event.query, params: JSON.parse(event.params) as unknown[] }));
  try {
    for (const [name, read] of reads) {
      logged.length = 0;
      await read(planned);
      console.log(`\nquery plans: ${name} (${logged.length} statements)`);
      for (const { query, params } of logged) {
        const plan = await pool
          .query(`EXPLAIN (ANALYZE, FORMAT TEXT) ${query}`, params)
          .catch((error: Error) => ({ rows: [{ "QUERY PLAN": `(not explained: ${error.message})` }] }));
        const lines = plan.rows.map((row: Record<string, string>) => row["QUERY PLAN"]);
        const scans = [
          ...new Set(
            lines.flatMap(
              (line) => /(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?(?: using| on) ("?\w+"?)/.exec(line)?.slice(1, 3).join(" ") ?? [],
            ),
          ),
        ];
        const time = lines.find((line) => line.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? lines[0];
        console.log(`  ${time.padStart(10)}  ${scans.join(", ") || "no table scan"}  ← ${query.replace(/\s+/g, " ").slice(0, 90)}`);
      }
    }
  } finally {
    await planned.$disconnect();
    await pool.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// `npm run bench:dashboard`: the dashboard at the sizes its issue names, a board of 2,000 goals and a
// goal with 1,000 iterations, on the embedded Postgres. It times the domain reads behind the pages,
// then the pages themselves in Debian's Chromium against the production build (`npm start`, no
// runners). Prints each figure as a median (and p95) of several runs, then one JSON line of them all.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { SESSION_COOKIE } from "../server/auth/session-cookie";
import { readBoard } from "../server/board/read-board";
import { decodeCursor } from "../server/board/board-cursor";
import { createDb } from "../server/db/client";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { createSampleRepository } from "../server/demo/seed-demo";
import { applyGoal, validateManifest } from "../server/goals/apply-goal";
import { readGoalPage } from "../server/goals/read-goal-page";
import { API_VERSION } from "../server/spec/goal-spec";
import { createFigures, quantile } from "./figures";

const ROOT = path.resolve(import.meta.dirname, "..");
const GOALS = 2000;
const ITERATIONS_PER_GOAL = 20;
const BIG_GOAL_ITERATIONS = 1000;
const READ_RUNS = 30;
const PAGE_RUNS = 7;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--enable-precise-memory-info"];

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
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-"));
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"), { throwaway: true });
  let web: ChildProcess | undefined;
  try {
    await migrate(postgres.url);
    const { db, pool } = createDb(postgres.url, 5);
    console.log(`seeding ${GOALS.toLocaleString("en")} goals × ${ITERATIONS_PER_GOAL} iterations and one goal with ${BIG_GOAL_ITERATIONS.toLocaleString("en")} iterations…`);
    await seed(db, scratch);

    console.log("\ndomain reads (embedded Postgres, warm)");
    const all = { text: "", labels: {}, phase: null };
    const board = await timeRuns(READ_RUNS, () => readBoard(db, all));
    record("boardReadMsP50", quantile(board, 0.5), "ms", "every column's first page, the counts, the sparklines");
    record("boardReadMsP95", quantile(board, 0.95), "ms");
    const filtered = await timeRuns(READ_RUNS, () => readBoard(db, { text: "bench-1", labels: { team: "team-3" }, phase: null }));
    record("boardFilteredReadMsP50", quantile(filtered, 0.5), "ms", "text + label filter");
    const first = await readBoard(db, all);
    const cursor = decodeCursor(first.columns.find((column) => column.key === "ended")!.nextCursor)!;
    const paged = await timeRuns(READ_RUNS, () => readBoard(db, all, { ended: cursor }));
    record("boardSecondPageMsP50", quantile(paged, 0.5), "ms", "a column opened to its second page");
    const goalPage = await timeRuns(READ_RUNS, () => readGoalPage(db, "bench-thousand"));
    record("goalPageReadMsP50", quantile(goalPage, 0.5), "ms", "1,000-iteration goal: chart data, status, first page of iterations, events");
    record("goalPageReadMsP95", quantile(goalPage, 0.95), "ms");
    await db.$disconnect();
    await pool.end();

    console.log("\npages in Chromium (production build, served by `npm start` with no runners)");
    const dataDir = path.join(scratch, "data");
    const port = 3990 + Math.floor(Math.random() * 9);
    web = await startWeb(postgres.url, dataDir, port);
    const token = fs.readFileSync(path.join(dataDir, "admin-token"), "utf8").trim();
    await measureServerRender(`http://127.0.0.1:${port}`, token);
    await measurePages(`http://127.0.0.1:${port}`, token);
  } finally {
    if (web) await stopWeb(web);
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${JSON.stringify({ bench: "dashboard", goals: GOALS, bigGoalIterations: BIG_GOAL_ITERATIONS, ...figures })}`);
}

// One real goal (applied as a user would, on a real sample repository) and 2,000 copies of its spec
// spread over every phase, each with 20 measured iterations; the real one gets 1,000 iterations whose
// prompts and diffs are of a realistic size, so a read that fetched them would show.
async function seed(db: ReturnType<typeof createDb>["db"], scratch: string): Promise<void> {
  const repo = path.join(scratch, "repo");
  await createSampleRepository(repo);
  const manifest = validateManifest({
    apiVersion: API_VERSION, kind: "Goal", metadata: { name: "bench-thousand", labels: { team: "bench" } },
    spec: {
      intent: "Make every test pass and keep them quick.",
      workspace: { repo }, agent: { executor: "demo" },
      metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }, { metric: "lint.ok", target: "== 1" }, { metric: "tests.duration_s", target: "<= 2" }],
      evaluation: { layers: [{ name: "tests", run: "npm test", parse: "tap" }, { name: "lint", run: "npm run lint" }] },
      stop: { maxIterations: 1000 },
    },
  });
  await applyGoal(db, manifest, "bench");
  await db.$executeRawUnsafe(`
    INSERT INTO "Goal" (id, name, labels, spec, phase, reason, message, "currentIteration", "lastEventAt", "updatedAt")
    SELECT gen_random_uuid(), 'bench-' || n, jsonb_build_object('team', 'team-' || (n % 10)), g.spec,
      (ARRAY['Queued','Running','AwaitingApproval','Paused','Converged','Stalled','Exhausted','Failed','Cancelled'])[1 + n % 9],
      'Seeded', 'a goal seeded by the dashboard benchmark', ${ITERATIONS_PER_GOAL - 1},
      timestamp '2026-01-01' + n * interval '1 second', now()
    FROM "Goal" g CROSS JOIN generate_series(1, ${GOALS}) AS n WHERE g.name = 'bench-thousand'`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Iteration" (id, "goalId", number, generation, phase, metrics, accepted, "leaseEpoch", "finishedAt")
    SELECT gen_random_uuid(), g.id, i, 1, 'Accepted',
      jsonb_build_object('tests.pass_ratio', i / ${ITERATIONS_PER_GOAL - 1}.0, 'lint.ok', i % 2, 'tests.duration_s', 3 - i / 10.0), true, 1, now()
    FROM "Goal" g CROSS JOIN generate_series(0, ${ITERATIONS_PER_GOAL - 1}) AS i WHERE g.name <> 'bench-thousand'`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Iteration" (id, "goalId", number, generation, phase, metrics, accepted, regression, prompt, diff, "agentOutput", "leaseEpoch", "startedAt", "finishedAt")
    SELECT gen_random_uuid(), g.id, i, 1, CASE WHEN i % 97 = 0 THEN 'Rejected' ELSE 'Accepted' END,
      jsonb_build_object('tests.pass_ratio', least(1, i / 999.0 + 0.05 * sin(i)), 'lint.ok', (i % 3 > 0)::int, 'tests.duration_s', 2 + cos(i / 50.0)),
      i % 97 <> 0, i % 89 = 0, repeat('p', 20000), repeat('d', 20000), repeat('o', 20000), 1,
      now() - (${BIG_GOAL_ITERATIONS} - i) * interval '1 minute', now() - (${BIG_GOAL_ITERATIONS} - i) * interval '1 minute' + interval '40 seconds'
    FROM "Goal" g CROSS JOIN generate_series(0, ${BIG_GOAL_ITERATIONS - 1}) AS i WHERE g.name = 'bench-thousand'`);
  await db.$executeRawUnsafe(`UPDATE "Goal" SET phase = 'Converged', reason = 'TargetsMet', "currentIteration" = ${BIG_GOAL_ITERATIONS - 1}, "bestIteration" = ${BIG_GOAL_ITERATIONS - 1}, "runStartedAt" = now() - interval '1 day' WHERE name = 'bench-thousand'`);
  await db.$executeRawUnsafe(`ANALYZE`);
}

async function startWeb(databaseUrl: string, dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SETPOINT_DATA_DIR: dataDir, PORT: String(port), SETPOINT_RUNNERS: "0", SETPOINT_DEMO: "0", NEXT_TELEMETRY_DISABLED: "1" },
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

// The server's part alone: the whole HTML of each page, as fetched without a browser.
async function measureServerRender(baseUrl: string, token: string): Promise<void> {
  for (const [name, url] of [["boardHtmlMsP50", "/"], ["goalHtmlMsP50", "/goals/bench-thousand"]]) {
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
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`/sign-in#token=${token}`);
    await page.waitForURL((url) => url.pathname === "/");

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
    record("boardPageDomNodes", board.domNodes, "nodes", `${await page.locator('[data-testid="goal-card"]').count()} cards rendered of ${GOALS.toLocaleString("en")}`);
    record("boardPageJsHeapMb", board.heapMb, "MB");

    const goal = await openRepeatedly(page, "/goals/bench-thousand", async () => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart-metric"] canvas').length === 3);
    });
    record("goalPageReadyMsP50", goal.ready, "ms", `navigation to 3 charts × ${BIG_GOAL_ITERATIONS.toLocaleString("en")} iterations drawn`);
    record("goalPageHtmlKb", goal.htmlKb, "KB");
    record("goalPageJsHeapMb", goal.heapMb, "MB");
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

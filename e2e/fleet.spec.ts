// The fleet view at 2,000 goals, in Chromium against `npm start`: the goals are written straight into the
// server's database (the dashboard benchmark's data set, bench/seed-fleet.ts), then a person sorts,
// filters, groups and scrolls, shares the URL, and watches a row change live. Also the board's summary
// strip and its stopped column, and what a narrow screen shows first.
import { removeFleet, SEED_EXECUTORS, seedFleet, seededPhase } from "../bench/seed-fleet";
import type { Page, TestInfo } from "@playwright/test";
import { adminToken, demoManifest, expect, saveScreenshot, test, withDatabase } from "./fixtures";

const GOALS = 2000;
const PREFIX = "fleet-";
const BASE = "seed-base-goal";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(180_000);
  // The copies take the spec of one goal applied as a person would (paused: no runner picks it up).
  const page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  const answer = await page.request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { manifests: [demoManifest(BASE)], paused: true },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  await page.close();
  await withDatabase((run) => seedFleet(run, { goals: GOALS, iterationsPerGoal: 20, baseGoal: BASE, prefix: PREFIX }));
});

test.afterAll(async () => {
  await withDatabase(async (run) => {
    await removeFleet(run, PREFIX);
    await run(`DELETE FROM "Goal" WHERE name = '${BASE}'`);
  });
});

const rows = (page: Page) => page.getByTestId("fleet-row");

// What is on screen (a full-page picture of a list 90,000 pixels tall is no picture at all).
async function saveView(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

// Every row is in the browser: sorting and grouping work from here.
async function everyRowRead(page: Page): Promise<void> {
  await expect(page.getByTestId("fleet-count")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

test("2,000 goals: the first rows show at once, only a screenful is in the page, and it scrolls to the last", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/fleet");
  await expect(rows(page).first()).toBeVisible();
  await expect(page.getByTestId("fleet-count")).toContainText(/2,0\d\d goals/);
  const inPage = await rows(page).count();
  expect(inPage, "virtualised: a screenful and a few more").toBeLessThan(80);
  expect(inPage).toBeGreaterThan(10);
  // By default what needs a person comes first: the gates.
  await expect(rows(page).first()).toHaveAttribute("data-phase", "AwaitingApproval");
  await expect(page.getByTestId("summary-strip")).toContainText("goals by phase");
  await expect(page.getByTestId("summary-gates")).toContainText(/gates wait for approval/);
  await expect(page.locator('[data-testid="fleet-row"] svg[data-testid="goal-sparkline"]').first()).toBeVisible();
  await saveView(page, testInfo, "fleet-first-screen");

  await everyRowRead(page);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = page.locator('[data-testid="fleet-row"]').last();
  await expect(last).toHaveAttribute("aria-rowindex", String((await rowCount(page)) + 1));
  // The rows scrolled to have their sparklines read as they come into view.
  await expect(last.getByTestId("goal-sparkline")).toBeVisible();
  expect(await rows(page).count()).toBeLessThan(80);
  await saveView(page, testInfo, "fleet-scrolled-to-the-end");
});

test("sort by a column, both ways, and the sort is in the URL for the next person", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/fleet");
  await everyRowRead(page);
  await page.getByTestId("fleet-sort-cost").click();
  await expect(page).toHaveURL(/sort=cost/);
  await expect.poll(async () => isOrdered(await costs(page), (a, b) => a <= b)).toBe(true);
  const cheapest = await costs(page);
  await page.getByTestId("fleet-sort-cost").click();
  await expect(page).toHaveURL(/sort=-cost/);
  await expect.poll(async () => isOrdered(await costs(page), (a, b) => a >= b)).toBe(true);
  const dearest = await costs(page);
  expect(dearest[0]).toBeGreaterThan(cheapest[0]);
  await expect(page.locator('[role="columnheader"][aria-sort="descending"]')).toContainText("Cost");
  await saveView(page, testInfo, "fleet-sorted-by-cost");

  await page.getByTestId("fleet-sort-name").click();
  await expect(page).toHaveURL(/sort=name/);
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.locator('[role="columnheader"][aria-sort="ascending"]')).toContainText("Goal");
  await expect.poll(async () => isOrdered(await onScreen(other, "fleet-goal-link"), (a, b) => a <= b)).toBe(true);
  await other.close();
});

test("filter by a label key alone, an executor and a repository; the count follows", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/fleet");
  await page.getByTestId("board-filter-text").fill(PREFIX);
  await expect(page).toHaveURL(/q=fleet-/);
  await expect(page.getByTestId("fleet-count")).toHaveText(`${GOALS.toLocaleString("en")} goals`);
  // Every seeded goal has a team label: a key alone keeps them all (it was ignored before).
  await page.getByTestId("board-filter-label").fill("team");
  await page.getByTestId("board-filter-apply").click();
  await expect(page).toHaveURL(/label=team/);
  await expect(page.getByTestId("fleet-count")).toHaveText(`${GOALS.toLocaleString("en")} goals`);
  await page.getByTestId("fleet-filter-executor").selectOption("codex");
  await expect(page).toHaveURL(/executor=codex/);
  const perExecutor = Array.from({ length: GOALS }, (_, index) => index + 1).filter((n) => SEED_EXECUTORS[n % SEED_EXECUTORS.length] === "codex").length;
  await expect(page.getByTestId("fleet-count")).toHaveText(`${perExecutor.toLocaleString("en")} goals`);
  await page.getByTestId("fleet-filter-repo").fill("https://git.example.com/acme/service-3.git");
  await page.getByTestId("board-filter-apply").click();
  await expect(page).toHaveURL(/repo=/);
  const both = Array.from({ length: GOALS }, (_, index) => index + 1).filter((n) => SEED_EXECUTORS[n % 4] === "codex" && n % 12 === 3).length;
  await expect(page.getByTestId("fleet-count")).toHaveText(`${both.toLocaleString("en")} goals`);
  await saveView(page, testInfo, "fleet-filtered");
  await page.getByTestId("board-filter-clear").click();
  await expect(page).toHaveURL(/\/fleet$/);
});

test("group by repository, fold a group, group by a label; the grouping survives a reload", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/fleet?q=${PREFIX}`);
  await everyRowRead(page);
  await page.getByTestId("fleet-group-by").selectOption("repo");
  await expect(page).toHaveURL(/group=repo/);
  const groups = page.getByTestId("fleet-group");
  await expect(groups.first()).toContainText("https://git.example.com/acme/service-0.git");
  await expect(page.getByTestId("fleet-count")).toContainText("in 12 groups");
  const first = groups.first();
  const before = await first.getByTestId("fleet-group-count").textContent();
  expect(before).toMatch(/^1\d\d goals$/);
  await first.getByTestId("fleet-group-toggle").click();
  await expect(first.getByTestId("fleet-group-toggle")).toHaveAttribute("aria-expanded", "false");
  await expect(groups.nth(1)).toContainText("service-1.git");
  await saveView(page, testInfo, "fleet-grouped-by-repository");

  await page.getByTestId("fleet-group-by").selectOption("label:team");
  await expect(page).toHaveURL(/group=label%3Ateam|group=label:team/);
  await expect(groups.first()).toContainText("team-0");
  await page.reload();
  await expect(page.getByTestId("fleet-group-by")).toHaveValue("label:team");
  await expect(groups.first()).toContainText("team-0");
  await everyRowRead(page);
  await page.getByTestId("fleet-collapse-all").click();
  await expect(groups).toHaveCount(10);
  expect(await rows(page).count()).toBe(0);
  await saveView(page, testInfo, "fleet-grouped-by-team-folded");
});

test("a goal that changes shows its new phase without a reload", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  // A seeded queued goal, sorted to the top by name.
  const name = `${PREFIX}${[...Array(GOALS).keys()].map((index) => index + 1).find((n) => seededPhase(n) === "Queued")}`;
  await page.goto(`/fleet?q=${name}&sort=name`);
  const row = page.locator(`[data-testid="fleet-row"][data-goal="${name}"]`);
  await expect(row).toHaveAttribute("data-phase", "Queued");
  await everyRowRead(page);
  const answer = await page.request.post("/api/trpc/goals.pause", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name } });
  expect(answer.status(), await answer.text()).toBe(200);
  await expect(row).toHaveAttribute("data-phase", "Paused");
  await expect(row.getByTestId("fleet-reason")).toContainText("PausedByUser");
});

test("the board: a summary strip, the stopped column telling Failed, Stalled and Exhausted apart, a label key alone", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await expect(page.getByTestId("summary-strip")).toBeVisible();
  const ended = page.locator('[data-testid="board-column"][data-column="ended"]');
  for (const phase of ["Failed", "Stalled", "Exhausted", "Cancelled"]) {
    await expect(ended.getByTestId("column-phase-counts").locator(`[data-phase="${phase}"]`)).toContainText(/\d/);
  }
  const marks = await ended
    .locator('[data-testid="goal-card"] [data-mark]')
    .evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute("data-mark")))].sort());
  expect(marks).toEqual(["exhausted", "failed", "stalled"]);
  await saveScreenshot(page, testInfo, "board-with-summary");
  await ended.getByTestId("column-phase-counts").locator('[data-phase="Failed"]').click();
  await expect(page).toHaveURL(/phase=Failed/);
  await expect(ended.getByTestId("goal-card").first()).toHaveAttribute("data-phase", "Failed");

  await page.goto("/?label=team");
  await expect(page.getByTestId("board-filter-label")).toHaveValue("team");
  await expect(page.locator("#board-filter-label-error")).toHaveCount(0);
  await expect(page.getByTestId("board-summary")).toContainText(`${GOALS.toLocaleString("en")} goals match`);
});

test("on a narrow screen what needs a person comes first, and fleet rows fold into two lines", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 420, height: 860 });
  await page.goto("/");
  const columns = await page.getByTestId("board-column").evaluateAll((nodes) =>
    nodes
      .map((node) => ({ key: node.getAttribute("data-column"), top: node.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top)
      .map((column) => column.key),
  );
  expect(columns.slice(0, 2)).toEqual(["awaiting", "ended"]);
  const ended = page.locator('[data-testid="board-column"][data-column="ended"] [data-testid="goal-card"]');
  const firstShown = await ended.evaluateAll((nodes) =>
    nodes.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0]?.getAttribute("data-phase"),
  );
  expect(firstShown).toBe("Failed");
  await saveView(page, testInfo, "board-narrow-top");
  await page.locator('[data-testid="board-column"][data-column="awaiting"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -60));
  await saveView(page, testInfo, "board-narrow-awaiting-first");

  await page.goto(`/fleet?q=${PREFIX}`);
  await expect(rows(page).first()).toBeVisible();
  await expect(page.locator('[role="columnheader"]')).toHaveCount(0);
  await saveView(page, testInfo, "fleet-narrow");
  await page.evaluate(() => window.scrollTo(0, 900));
  await saveView(page, testInfo, "fleet-narrow-rows");
});

async function rowCount(page: Page): Promise<number> {
  return Number(await page.getByTestId("fleet-table").getAttribute("aria-rowcount")) - 1;
}

// The texts of one kind of cell in the rows on screen, top to bottom.
async function onScreen(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).evaluateAll((nodes) =>
    nodes
      .map((node) => ({ top: node.getBoundingClientRect().top, text: node.firstElementChild?.textContent ?? node.textContent ?? "" }))
      .filter((entry) => entry.top >= 0 && entry.top < window.innerHeight)
      .sort((a, b) => a.top - b.top)
      .map((entry) => entry.text),
  );
}

// The costs of the rows on screen (this run's, the first line of the cell), top to bottom.
async function costs(page: Page): Promise<number[]> {
  return (await onScreen(page, "fleet-cost")).map((text) => Number(text.replace(/[$,]/g, "")));
}

function isOrdered<T>(values: T[], inOrder: (a: T, b: T) => boolean): boolean {
  return values.length > 5 && values.every((value, index) => index === 0 || inOrder(values[index - 1], value));
}

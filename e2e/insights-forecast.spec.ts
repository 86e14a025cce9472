// Insights and the forecast, in Chromium against `npm start`: the seeded demo goal converges on its own,
// and /insights counts it (grouped by executor, then by a label, over another period); a goal paused
// mid-run (its iterations written straight into the server's database) shows its forecast and a budget
// warning on its page, and its re-measure iteration says it was one.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { adminToken, demoManifest, expect, revealed, saveScreenshot, test } from "./fixtures";

const DEMO_GOAL = "demo-calculator";
const PAUSED = "forecast-e2e";

test.describe.configure({ mode: "serial" });

async function sql(text: string, values: unknown[] = []): Promise<void> {
  const url = fs.readFileSync(path.join(process.env.SETPOINT_E2E_DATA_DIR!, "database.url"), "utf8").trim();
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

test("insights count the demo goal's converged run, by executor and by label, and say what a bad period was", async ({ page }, testInfo) => {
  testInfo.setTimeout(180_000);
  const phase = async () => {
    const answer = await page.request.get(`/api/trpc/goals.get?input=${encodeURIComponent(JSON.stringify({ name: DEMO_GOAL }))}`, {
      headers: { authorization: `Bearer ${adminToken()}` },
    });
    return (await answer.json()).result?.data?.status?.phase ?? "(unknown)";
  };
  await expect.poll(phase, { timeout: 150_000, intervals: [1000] }).toBe("Converged");

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { name: "Insights" })).toBeVisible();
  // Other specs' goals run in the same installation before this one: the demo goal's run is at least one of
  // these (the exact counts are tested on a database of their own in tests/integration/insights-read.test.ts).
  await expect(page.getByTestId("total-Converged")).toContainText(/Converged\s*[1-9]\d*/);
  const demo = page.locator('[data-testid="insights-row"][data-group="demo"]');
  await expect(demo.getByTestId("converged")).toHaveText(/^[1-9]\d*$/);
  await expect(demo.getByTestId("rate")).toHaveText(/^\d+%$/);
  await expect(demo.getByTestId("median-iterations")).toHaveText(/^\d+(\.\d)?$/);
  await expect(page.getByTestId("cost-per-day")).toContainText("Spend per day");
  await expect(page.getByTestId("gaming")).toContainText("demo");
  await expect(page.getByTestId("endings")).toBeVisible();
  await saveScreenshot(page, testInfo, "insights-by-executor");

  // Group by the demo goal's label, over the last 7 days: the URL says so, and can be shared.
  await page.getByLabel("Group by").selectOption("label:demo");
  await page.getByLabel("Period").selectOption("7");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/insights\?by=label%3Ademo&days=7$/);
  await revealed(page);
  await expect(page.locator('[data-testid="insights-row"][data-group="true"]').getByTestId("converged")).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByText("Gaming is counted per executor and model")).toBeVisible();
  await saveScreenshot(page, testInfo, "insights-by-label");

  await page.goto("/insights?days=soon&by=owner");
  await expect(page.getByTestId("insights-error")).toContainText("Group by must be executor, repo or label:KEY");
  await expect(page.getByTestId("insights-error")).toContainText("Period (days) must be a whole number of days; found 'soon'");
  await expect(page.locator('[data-testid="insights-row"][data-group="demo"]')).toBeVisible();
});

test("a goal paused mid-run forecasts the iterations and cost still to go, and warns that the projection passes its cost budget", async ({
  page,
}, testInfo) => {
  await page.request
    .post("/api/trpc/goals.applyManifests", {
      headers: { authorization: `Bearer ${adminToken()}` },
      data: { manifests: [demoManifest(PAUSED, { stop: { maxIterations: 10, maxCostUsd: 1 } })], paused: true },
    })
    .then(async (answer) => expect(answer.status(), await answer.text()).toBe(200));
  // A first run (0-1), then this run: a re-measure of its commit (2) and three tries gaining 0.1 each at $0.30.
  const rows = [
    [0, null, 0.4, 0],
    [1, 0, 0.5, 0.3],
    [2, null, 0.5, 0],
    [3, 2, 0.6, 0.3],
    [4, 3, 0.65, 0.3],
    [5, 4, 0.8, 0.3],
  ];
  for (const [number, from, ratio, cost] of rows) {
    await sql(
      `INSERT INTO "Iteration" (id, "goalId", number, generation, phase, "fromIteration", "fromCommit", commit, metrics, "costUsd", "leaseEpoch", "startedAt", "finishedAt")
      SELECT gen_random_uuid(), id, $1::int, 1, 'Evaluated', $2::int, 'c0', 'c' || $1::text, jsonb_build_object('tests.pass_ratio', $3::float8, 'lint.ok', 1), $4::float8, 1,
        now() - interval '10 minutes' + $1::int * interval '1 minute', now() - interval '10 minutes' + ($1::int + 1) * interval '1 minute'
      FROM "Goal" WHERE name = $5`,
      [number, from, ratio, cost, PAUSED],
    );
  }
  await sql(`UPDATE "Goal" SET "runFromIteration" = 2, "currentIteration" = 5, "costUsd" = 1.2 WHERE name = $1`, [PAUSED]);

  await page.goto(`/goals/${PAUSED}`);
  const forecast = page.getByTestId("forecast");
  await expect(forecast).toHaveAttribute("data-kind", "projected");
  await expect(page.getByTestId("forecast-iterations")).toHaveText(/^\d+ \(\d+–\d+\) more$/);
  await expect(page.getByTestId("forecast-cost")).toContainText("$");
  const warnings = page.getByTestId("budget-warnings");
  await expect(warnings.locator('[data-budget="cost"][data-kind="near"]')).toHaveText("Budget nearly used: 90% of stop.maxCostUsd is used");
  await expect(warnings.locator('[data-budget="cost"][data-kind="projected"]')).toContainText(/the run needs \$\d+\.\d\d of stop\.maxCostUsd \$1\.00/);
  await saveScreenshot(page, testInfo, "goal-forecast");

  await expect(page.locator('[data-testid="iteration-row"][data-iteration="2"]').getByTestId("remeasure")).toHaveText("re-measure");
  await page.goto(`/goals/${PAUSED}/iterations/2`);
  await expect(page.getByTestId("remeasure")).toBeVisible();
  await expect(page.getByText(/^A re-measure: no agent ran\./)).toBeVisible();
  await expect(page.getByText("The agent changed no files.")).toHaveCount(0);
  await saveScreenshot(page, testInfo, "remeasure-iteration");
});

// The first thing a new user sees: `npm start`, open the dashboard, and the seeded demo goal
// converges on its own. Plus the API's two most common refusals, as a client meets them.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const DEMO_GOAL = "demo-calculator";

function adminToken(): string {
  const dataDir = process.env.SETPOINT_E2E_DATA_DIR;
  if (!dataDir) throw new Error("SETPOINT_E2E_DATA_DIR is not set: run through playwright.config.ts");
  return fs.readFileSync(path.join(dataDir, "admin-token"), "utf8").trim();
}

test("a new user sees the demo goal converge without touching anything", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Goals" })).toBeVisible();

  const row = page.locator(`tr[data-goal="${DEMO_GOAL}"]`);
  await expect(row).toBeVisible();
  const badge = row.locator("[data-phase]");

  // The page refreshes itself every 2 s (meta refresh); just watch the badge. Note every phase seen.
  const seen: string[] = [];
  const phase = async () => {
    const current = (await badge.getAttribute("data-phase", { timeout: 1_000 }).catch(() => null)) ?? "(reloading)";
    if (current !== "(reloading)" && seen.at(-1) !== current) seen.push(current);
    return current;
  };
  try {
    await expect.poll(phase, { timeout: 90_000, intervals: [500, 1_000] }).toBe("Converged");
  } catch (error) {
    throw new Error(`${DEMO_GOAL} did not converge within 90 s; phases seen: ${seen.join(" → ")}\n${(error as Error).message}`);
  }
  testInfo.annotations.push({ type: "phases seen", description: seen.join(" → ") });

  // Read the settled page (no refresh in between) for the metrics and the screenshot.
  await page.goto("/");
  await expect(badge).toHaveAttribute("data-phase", "Converged");
  await expect(badge).toHaveText("Converged");
  await expect(row).toContainText(/tests\.pass_ratio = 1\b/);
  await expect(row).toContainText(/lint\.ok = 1\b/);
  await expect(row.locator("td").nth(2)).toHaveText(/^\d+ \/ 10$/);

  const screenshot = testInfo.outputPath("dashboard-converged.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach("dashboard-converged", { path: screenshot, contentType: "image/png" });
});

test("the API refuses a missing token and a malformed manifest with clear 4xx answers", async ({ request }, testInfo) => {
  const anonymous = await request.get("/api/trpc/goals.list");
  expect(anonymous.status()).toBe(401);
  const refusal = await anonymous.json();
  await testInfo.attach("401 body", { body: JSON.stringify(refusal, null, 2), contentType: "application/json" });
  expect(refusal.error.message).toMatch(/token/i);

  const malformed = await request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { manifests: [{ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "Bad_Name" }, spec: {} }] },
  });
  const body = await malformed.text();
  expect(malformed.status(), body).toBe(400);
  await testInfo.attach("400 body", { body, contentType: "application/json" });
  const answer = JSON.parse(body);
  expect(answer.error.message).toContain("metadata.name");
  expect(answer.error.data.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: "metadata.name" })]));
});

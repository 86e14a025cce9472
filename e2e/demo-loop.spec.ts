// The first thing a new user sees: `npm start`, open the printed link, and the seeded demo goal
// converges on the board on its own. Plus the API's two most common refusals, as a client meets them.
import { adminPassword, adminToken, expect, saveScreenshot, signIn, test } from "./fixtures";

const DEMO_GOAL = "demo-calculator";

test("a new user sees the demo goal converge on the board without touching anything", async ({ page }, testInfo) => {
  await page.goto("/");
  const card = page.locator(`[data-testid="goal-card"][data-goal="${DEMO_GOAL}"]`);
  await expect(card).toBeVisible();
  await expect(card).toContainText(/demo agent/i);

  // The board updates live; note every phase the card shows on its way.
  const seen: string[] = [];
  const phase = async () => {
    const current = (await card.getAttribute("data-phase", { timeout: 1_000 }).catch(() => null)) ?? "(moving)";
    if (current !== "(moving)" && seen.at(-1) !== current) seen.push(current);
    return current;
  };
  try {
    await expect.poll(phase, { timeout: 90_000, intervals: [250, 500] }).toBe("Converged");
  } catch (error) {
    throw new Error(`${DEMO_GOAL} did not converge within 90 s; phases seen: ${seen.join(" → ")}\n${(error as Error).message}`);
  }
  testInfo.annotations.push({ type: "phases seen", description: seen.join(" → ") });
  await expect(page.locator('[data-testid="board-column"][data-column="converged"]').locator(`[data-goal="${DEMO_GOAL}"]`)).toBeVisible();
  await expect(card).toContainText(/\d+ \/ 10/);
  await saveScreenshot(page, testInfo, "board");
});

test("the API refuses a missing token and a malformed manifest with clear 4xx answers", async ({ playwright }, testInfo) => {
  // A fresh client without the browser's session cookie.
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const anonymous = await request.get("/api/trpc/goals.list");
  expect(anonymous.status()).toBe(401);
  const refusal = await anonymous.json();
  await testInfo.attach("401 body", { body: JSON.stringify(refusal, null, 2), contentType: "application/json" });
  expect(refusal.error.message).toMatch(/sign in first/i);

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
  await request.dispose();
});

test("a person who is not signed in is asked to sign in, and comes back to the page they asked for", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await page.goto("/runners");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Frunners/);
  await signIn(page, "admin", "not the password");
  // Next's own route announcer is an alert too: look for the one that says what went wrong.
  await expect(page.getByRole("alert").filter({ hasText: /do not match/ })).toBeVisible();
  await signIn(page, "admin", adminPassword());
  await expect(page).toHaveURL(/\/runners$/);
  await context.close();
});

// Who may do what, in the browser: nothing but sign-in answers a stranger, and each role sees only the
// controls it may use (the API refuses the rest; tests/integration/role-matrix.test.ts walks it all).
import fs from "node:fs";
import path from "node:path";
import { addPerson, adminToken, demoManifest, expect, signIn, test } from "./fixtures";

const DEMO_GOAL = "demo-calculator";

// Every page of app/, with its dynamic parts filled in: a new page is walked without anyone listing it.
function pagePaths(): string[] {
  const root = path.resolve(import.meta.dirname, "../app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name === "page.tsx") found.push(path.relative(root, dir));
    }
  };
  walk(root);
  return found.map(
    (dir) =>
      "/" +
      dir
        .split(path.sep)
        .filter((part) => part && !part.startsWith("("))
        .map((part) => (part === "[name]" ? DEMO_GOAL : part === "[number]" ? "1" : part))
        .join("/"),
  );
}

test("a stranger is sent to sign in from every page, and the API answers 401", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  const paths = pagePaths();
  expect(paths).toContain("/goals/demo-calculator/iterations/1");
  for (const pagePath of paths.filter((p) => p !== "/sign-in")) {
    await page.goto(pagePath);
    await expect(page, pagePath).toHaveURL(/\/sign-in(\?|$)/);
    // A real redirect, which curl and health checks see too, not a page that redirects once it streams.
    const answer = await context.request.get(pagePath, { maxRedirects: 0 });
    expect(answer.status(), pagePath).toBe(307);
    expect(answer.headers().location, pagePath).toContain(`/sign-in?next=${encodeURIComponent(pagePath)}`);
  }
  for (const procedure of ["goals.list", "users.me", "tokens.list"]) {
    expect((await context.request.get(`/api/trpc/${procedure}`)).status(), procedure).toBe(401);
  }
  await context.close();
});

test("a viewer reads the board and goals but sees no controls, and the form says what the role lacks", async ({ browser }, testInfo) => {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  const password = await addPerson(context.request, "vera-viewer", "viewer");
  await page.goto("/sign-in");
  await signIn(page, "vera-viewer", password);
  await expect(page.getByTestId("signed-in-as")).toHaveText("vera-viewer · viewer");
  await expect(page.getByRole("link", { name: "New goal" })).toHaveCount(0);
  await page.goto(`/goals/${DEMO_GOAL}`);
  await expect(page.getByTestId("goal-phase")).toBeVisible();
  await expect(page.locator('[data-testid^="goal-action-"]')).toHaveCount(0);
  await page.goto("/goals/new");
  await expect(page.getByRole("alert").filter({ hasText: "may not create, edit, run, pause or cancel goals" })).toBeVisible();
  // The API refuses what the page hid.
  const cancel = await context.request.post("/api/trpc/goals.cancel", { data: { name: DEMO_GOAL } });
  expect(cancel.status()).toBe(403);
  expect((await cancel.json()).error.message).toContain("your role 'viewer' may not");
  await context.close();
});

test("four eyes: the person who applied a goal cannot approve its gate; another approver can", async ({ page, browser }, testInfo) => {
  const goal = "e2e-four-eyes";
  // Applied with the admin token, whose name is the signed-in admin's: the same person.
  const applied = await page.request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { manifests: [demoManifest(goal, { approval: { policy: "every-iteration" } })] },
  });
  expect(applied.status(), await applied.text()).toBe(200);
  await page.goto("/approvals");
  const gate = page.locator(`[data-testid="approval-item"][data-goal="${goal}"]`);
  await expect(gate).toBeVisible({ timeout: 60_000 });
  const iteration = await gate.getAttribute("data-iteration");
  // Said before anyone clicks, and no buttons for the author; the API refuses anyway.
  await expect(gate.getByTestId("approval-why-not")).toContainText("you created or last edited this goal, and four-eyes asks another person to decide");
  await expect(gate.getByTestId("approve-button")).toHaveCount(0);
  const refused = await page.request.post("/api/trpc/goals.approve", { data: { name: goal, iteration: Number(iteration) } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain("four-eyes: admin created or last edited this goal");

  const other = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const otherPage = await other.newPage();
  const password = await addPerson(other.request, "abby-approver", "approver");
  await otherPage.goto("/sign-in?next=%2Fapprovals");
  await signIn(otherPage, "abby-approver", password);
  const theirGate = otherPage.locator(`[data-testid="approval-item"][data-goal="${goal}"][data-iteration="${iteration}"]`);
  await theirGate.getByTestId("approve-button").click();
  await expect(theirGate).toHaveCount(0, { timeout: 15_000 });
  const events = await otherPage.request.get(`/api/trpc/events.list?input=${encodeURIComponent(JSON.stringify({ goal, actor: "abby-approver" }))}`);
  expect(JSON.stringify(await events.json())).toContain("Approved");
  await other.close();
  const cancel = await page.request.post("/api/trpc/goals.cancel", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name: goal } });
  expect(cancel.status()).toBe(200);
});

// The dashboard's three jobs, in real Chromium against the real server, runners and embedded Postgres:
// create goals in the form, approve or reject iterations, watch many loops at once.
import { adminToken, applyGoal, demoManifest, expect, saveScreenshot, test } from "./fixtures";

test("a goal created in the form converges with the demo agent while its chart grows", async ({ page }, testInfo) => {
  await page.goto("/goals/new");
  await page.getByTestId("demo-button").click();
  await page.getByLabel("Name", { exact: true }).fill("e2e-from-form");
  await saveScreenshot(page, testInfo, "new-goal-form");
  await page.getByTestId("submit-button").click();
  await page.waitForURL("**/goals/e2e-from-form");

  // Watch the chart: the number of plotted iterations only grows, one step at a time, until it converges.
  const chart = page.getByTestId("convergence-chart");
  const points: number[] = [];
  await expect
    .poll(
      async () => {
        const count = Number((await chart.getAttribute("data-points").catch(() => null)) ?? -1);
        if (count >= 0 && points.at(-1) !== count) points.push(count);
        return page.getByTestId("goal-phase").getAttribute("data-phase");
      },
      { timeout: 120_000, intervals: [250, 500] },
    )
    .toBe("Converged");
  testInfo.annotations.push({ type: "chart points seen", description: points.join(" → ") });
  expect(points.length, `the chart grew while the test watched: ${points.join(" → ")}`).toBeGreaterThanOrEqual(3);
  expect([...points].sort((a, b) => a - b)).toEqual(points);
  await expect(page.getByTestId("chart-metric")).toHaveCount(2);
  await expect(page.getByTestId("status-panel")).toContainText("TargetsMet");
  await saveScreenshot(page, testInfo, "goal-converged");

  // The newest iteration's page: its diff, its layers, and what the agent printed.
  await page.getByTestId("iteration-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("diff-view")).toBeVisible();
  await expect(page.locator('[data-testid="layer-result"][data-layer="tests"]')).toHaveAttribute("data-ok", "true");
  await saveScreenshot(page, testInfo, "iteration");
});

test("an approval gate: approve one iteration, reject the next with a comment that reaches the next prompt", async ({ page }, testInfo) => {
  const goal = "e2e-gated";
  await applyGoal(page, demoManifest(goal, { approval: { policy: "every-iteration", fourEyes: false } }));

  // The first gate shows up on /approvals (and in the navigation's count) without a reload.
  await page.goto("/approvals");
  const firstGate = page.locator(`[data-testid="approval-item"][data-goal="${goal}"]`);
  await expect(firstGate).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("approvals-count")).toBeVisible();
  await saveScreenshot(page, testInfo, "approvals");
  const first = Number(await firstGate.getAttribute("data-iteration"));
  await firstGate.getByTestId("approve-button").click();
  await expect(firstGate).toHaveCount(0);

  // The next iteration waits too: reject it from its own page, where the diff is.
  const second = first + 1;
  await page.goto(`/goals/${goal}/iterations/${second}`);
  const gate = page.getByTestId("approval-gate");
  await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "pending", { timeout: 60_000 });
  await saveScreenshot(page, testInfo, "iteration-awaiting-approval");
  await gate.getByTestId("reject-button").click();
  await expect(gate.getByText(/comment/i).first()).toBeVisible(); // a reject needs its reason
  await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "pending");
  const reason = "Keep the public API of divide() unchanged";
  await gate.getByTestId("approval-comment").fill(reason);
  await gate.getByTestId("reject-button").click();
  await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "rejected");
  await expect(gate).toContainText(reason);

  // The rejection's reason is in the prompt of the iteration after it.
  await page.goto(`/goals/${goal}/iterations/${second + 1}`);
  const prompt = page.getByTestId("prompt");
  await expect(async () => {
    await page.reload();
    await prompt
      .locator("summary")
      .first()
      .click()
      .catch(() => {});
    await expect(prompt).toContainText(reason, { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await saveScreenshot(page, testInfo, "prompt-with-rejection");
});

test("a broken spec shows its errors at the fields, in words, and nothing is created", async ({ page }, testInfo) => {
  await page.goto("/goals/new");
  await page.getByTestId("demo-button").click();
  await page.getByLabel("Name", { exact: true }).fill("Not_A_Name");
  await page.getByLabel("Intent").fill("");
  await page.getByTestId("validate-button").click();

  const nameError = page.locator('[data-testid="field-error"][data-path="metadata.name"]');
  await expect(nameError).toContainText(/lowercase/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator('[data-testid="field-error"][data-path="spec.intent"]')).toBeVisible();
  await expect(page.getByTestId("error-summary")).toBeVisible();
  await saveScreenshot(page, testInfo, "form-errors");

  // What was typed is still there, and nothing was stored.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Not_A_Name");
  const stored = await page.request.get(`/api/trpc/goals.get?input=${encodeURIComponent(JSON.stringify({ name: "not-a-name" }))}`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  });
  expect(stored.status()).toBe(404);
});

test("the YAML tab round-trips with the form", async ({ page }, testInfo) => {
  await page.goto("/goals/new");
  await page.getByTestId("demo-button").click();
  await page.getByLabel("Name", { exact: true }).fill("e2e-round-trip");
  await page.getByTestId("tab-yaml").click();
  const editor = page.getByTestId("yaml-editor");
  await expect(editor).toHaveValue(/name: e2e-round-trip/);
  await saveScreenshot(page, testInfo, "yaml-tab");

  // Edit in YAML, see it in the form; and back again, unchanged.
  const yaml = (await editor.inputValue()).replace(/^( *intent: ).*$/m, "$1Make the calculator round-trip");
  await editor.fill(yaml);
  await page.getByTestId("tab-form").click();
  await expect(page.getByLabel("Intent")).toHaveValue("Make the calculator round-trip");
  await page.getByTestId("tab-yaml").click();
  await expect(editor).toHaveValue(yaml);

  // A YAML mistake keeps you on the YAML tab, with the line it is on.
  await editor.fill(yaml.replace("kind: Goal", "kind: Goal\n  bad: [unclosed"));
  await page.getByTestId("tab-form").click();
  await expect(page.getByTestId("yaml-error").first()).toHaveAttribute("data-line", /\d+/);
  await expect(editor).toBeVisible();

  // Unsaved work is not lost to a stray click on the navigation: it asks first.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" }).click();
  await expect.poll(() => asked).toMatch(/not saved/);
  await expect(page).toHaveURL(/\/goals\/new$/);
  await expect(editor).toHaveValue(/bad: \[unclosed/);
});

test("editing a goal opens the same form filled with its spec, and saving a change bumps its generation", async ({ page }, testInfo) => {
  const goal = "e2e-edit";
  await applyGoal(page, demoManifest(goal, { approval: { policy: "every-iteration", fourEyes: false } }));
  await page.goto(`/goals/${goal}`);
  await page.getByRole("link", { name: "Edit spec" }).click();
  await page.waitForURL(`**/goals/${goal}/edit`);
  await expect(page.getByTestId("goal-form")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("goal-generation")).toHaveText("generation 1");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(goal);
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Intent")).toHaveValue(/without editing the tests/);
  await page.getByLabel("Intent").fill("Make every test pass, and say why in the commit message.");
  await saveScreenshot(page, testInfo, "edit-goal");
  await page.getByTestId("submit-button").click();

  await page.waitForURL(`**/goals/${goal}`);
  await expect(page.getByTestId("status-panel")).toContainText(/Generation\s*2/);
  await expect(page.getByText("Make every test pass, and say why in the commit message.").first()).toBeVisible();
  await page.goto(`/goals/${goal}/edit`);
  await expect(page.getByTestId("goal-generation")).toHaveText("generation 2");
  await expect(page.getByLabel("Intent")).toHaveValue("Make every test pass, and say why in the commit message.");
});

test("the board moves a card live when its goal changes phase, without reloading", async ({ page }, testInfo) => {
  const goal = "e2e-live-board";
  await page.goto("/");
  await page.evaluate(() => ((window as unknown as { boardMarker: string }).boardMarker = "still the same page"));
  await applyGoal(page, demoManifest(goal, { approval: { policy: "every-iteration", fourEyes: false } }));
  const card = page.locator(`[data-testid="goal-card"][data-goal="${goal}"]`);
  await expect(card).toBeVisible();

  const cancelled = Date.now();
  const answer = await page.request.post("/api/trpc/goals.cancel", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name: goal } });
  expect(answer.status(), await answer.text()).toBe(200);
  const ended = page.locator('[data-testid="board-column"][data-column="ended"]').locator(`[data-goal="${goal}"]`);
  await expect(ended).toHaveAttribute("data-phase", "Cancelled", { timeout: 5_000 });
  testInfo.annotations.push({ type: "cancel to card moved", description: `${Date.now() - cancelled} ms` });
  expect(await page.evaluate(() => (window as unknown as { boardMarker?: string }).boardMarker)).toBe("still the same page");
  await saveScreenshot(page, testInfo, "board-live");

  await page.emulateMedia({ colorScheme: "dark" });
  await page.evaluate(() => localStorage.setItem("setpoint-theme", "dark"));
  await page.reload();
  await saveScreenshot(page, testInfo, "board-dark");
});

test("an ended goal is deleted from its page after a confirmation, and leaves the board", async ({ page }, testInfo) => {
  const goal = `e2e-delete-${testInfo.repeatEachIndex}`;
  await applyGoal(page, demoManifest(goal, { approval: { policy: "every-iteration", fourEyes: false } }));
  const answer = await page.request.post("/api/trpc/goals.cancel", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name: goal } });
  expect(answer.status(), await answer.text()).toBe(200);
  await page.goto(`/goals/${goal}`);
  await expect(page.getByTestId("goal-phase")).toHaveAttribute("data-phase", "Cancelled");
  await page.getByTestId("goal-action-delete").click();
  await expect(page.getByRole("group", { name: "Confirm delete" })).toContainText("Delete the goal and its history?");
  await page.getByTestId("goal-action-delete-confirm").click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(page.locator(`[data-testid="goal-card"][data-goal="${goal}"]`)).toHaveCount(0);
  expect((await page.goto(`/goals/${goal}`))?.status()).toBeLessThan(500);
  await expect(page.getByTestId("goal-not-found")).toBeVisible();
});

test("the runners page shows the runners that work the loops", async ({ page }, testInfo) => {
  await page.goto("/runners");
  await expect(page.locator('[data-testid="runner-row"][data-status="alive"]').first()).toBeVisible();
  await saveScreenshot(page, testInfo, "runners");
});

test("a wrong address gets a 404 page that says what is wrong and where to go, never a server error", async ({ page }) => {
  const cases: [string, string, RegExp][] = [
    ["/goals/no-such-goal", "goal-not-found", /no-such-goal/],
    ["/goals/demo-calculator/iterations/999", "not-found", /999/],
    ["/goals/demo-calculator/iterations/abc", "not-found", /abc/],
    ["/goals/no-such-goal/edit", "goal-not-found", /no-such-goal/],
    ["/goals/no-such-goal/settings", "goal-not-found", /no-such-goal/],
    ["/goals/no-such-goal/iterations/1", "not-found", /no-such-goal/],
  ];
  for (const [path, testId, says] of cases) {
    // A real 404, which curl, link checkers and monitors see too, not a 200 page that says not found.
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByTestId(testId), path).toContainText(says);
    await expect(page.getByRole("link", { name: /board/i }).first(), path).toBeVisible();
  }
  // Addresses no page can read (a malformed escape, a NUL character) are refused with a 400 that says why.
  for (const path of ["/goals/%ZZ", "/goals/%ZZ/edit", "/goals/demo-calculator/iterations/%ZZ", "/?q=a%00b", "/?label=team%3Da%00", "/goals/a%00b/edit"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(400);
    await expect(page.getByRole("heading", { name: "This address cannot be read" }), path).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the board" }), path).toBeVisible();
  }
});

// Every setting in the browser, as the roles concerned: an admin manages people and tokens, an operator
// a goal's secrets and webhook, a viewer reads the audit log with no controls; and four eyes a person
// can follow: the gate says who may decide and how to add someone, and a second person decides.
import type { Browser, Page, TestInfo } from "@playwright/test";
import { addPerson, adminToken, demoManifest, expect, saveScreenshot, signIn, test } from "./fixtures";

async function personPage(browser: Browser, testInfo: TestInfo, name: string, password: string, next = "/"): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await signIn(page, name, password);
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

async function applyManifests(page: Page, manifests: Record<string, unknown>[], paused = false): Promise<void> {
  const answer = await page.request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { manifests, paused },
  });
  expect(answer.status(), await answer.text()).toBe(200);
}

async function whoAmI(page: Page, token: string): Promise<{ status: number; data: { name?: string; token?: string } }> {
  const answer = await page.request.get("/api/trpc/users.me", { headers: { authorization: `Bearer ${token}` } });
  return { status: answer.status(), data: answer.ok() ? (await answer.json()).result.data : {} };
}

test("an admin adds a person (their password shown once), changes their role, resets their password and removes them", async ({ page, browser }, testInfo) => {
  await page.goto("/settings/users");
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("Name").fill("e2e-sam");
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Add user" }).click();
  const shown = form.getByTestId("shown-once");
  await expect(shown).toContainText("e2e-sam can sign in as operator with this password");
  const password = (await shown.getByTestId("shown-once-value").textContent())!.trim();
  await saveScreenshot(page, testInfo, "users-added");
  const row = page.locator('[data-testid="user-row"][data-user="e2e-sam"]');
  await expect(row.getByTestId("user-role")).toHaveText("operator");

  // The password works: they sign in, as an operator.
  const sam = await personPage(browser, testInfo, "e2e-sam", password);
  await expect(sam.getByTestId("signed-in-as")).toHaveText("e2e-sam · operator");

  await row.getByTestId("user-role-select").selectOption("approver");
  await row.getByTestId("user-role-save").click();
  await expect(row.getByTestId("user-role")).toHaveText("approver");

  await row.getByTestId("user-reset-password").click();
  await row.getByTestId("user-reset-password-confirm").click();
  await expect(row.getByTestId("shown-once")).toContainText("New password for e2e-sam");
  const newPassword = (await row.getByTestId("shown-once-value").textContent())!.trim();
  expect(newPassword).not.toBe(password);
  await saveScreenshot(page, testInfo, "users-password-reset");
  // Their session ended with the old password.
  await sam.reload();
  await expect(sam).toHaveURL(/\/sign-in/);

  // An admin cannot remove themselves: no button on their own row.
  await expect(page.locator('[data-testid="user-row"][data-user="admin"]').getByTestId("user-remove")).toHaveCount(0);
  await row.getByTestId("user-remove").click();
  await row.getByTestId("user-remove-confirm").click();
  await expect(row).toHaveCount(0);
  await sam.context().close();
});

test("an admin makes a token that acts as them, shown once, and revokes it", async ({ page }, testInfo) => {
  await page.goto("/settings/tokens");
  const form = page.getByTestId("create-token-form");
  await expect(form).toContainText("It acts as you (admin)");
  await form.getByLabel("Name").fill("e2e-ci");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByLabel("Expires").selectOption("7");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByTestId("shown-once")).toContainText("Token e2e-ci, expiring");
  const token = (await form.getByTestId("shown-once-value").textContent())!.trim();
  expect(token).toMatch(/^spt_/);
  const row = page.locator('[data-testid="token-row"][data-token="e2e-ci"]');
  await expect(row.getByTestId("token-owner")).toHaveText("admin");
  await expect(row).toHaveAttribute("data-state", "active");
  await saveScreenshot(page, testInfo, "tokens-created");

  // It is the admin, through a token named e2e-ci, with the viewer role it was given.
  const me = await whoAmI(page, token);
  expect([me.status, me.data.name, me.data.token]).toEqual([200, "admin", "e2e-ci"]);
  const refused = await page.request.post("/api/trpc/goals.pause", { headers: { authorization: `Bearer ${token}` }, data: { name: "demo-calculator" } });
  expect(refused.status()).toBe(403);

  // A bad name is refused at its field, and nothing is made.
  await form.getByLabel("Name").fill("Not A Name");
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByRole("alert").first()).toContainText("must be lowercase letters");

  await row.getByTestId("token-revoke").click();
  await row.getByTestId("token-revoke-confirm").click();
  await expect(row).toHaveAttribute("data-state", "revoked");
  expect((await whoAmI(page, token)).status).toBe(401);
});

test("an operator sets and deletes a goal's secret without ever seeing a value, and makes its webhook secret; a viewer reads names only", async ({
  page,
  browser,
}, testInfo) => {
  const goal = "e2e-secrets";
  await applyManifests(page, [demoManifest(goal, { triggers: { webhook: true } })], true);
  const operator = await personPage(browser, testInfo, "e2e-olga", await addPerson(page.request, "e2e-olga", "operator"), `/goals/${goal}`);
  await operator.getByTestId("goal-settings-link").click();
  await expect(operator).toHaveURL(`/goals/${goal}/settings`);

  const value = "e2e-secret-value-7d1c";
  const form = operator.getByTestId("set-secret-form");
  await form.getByLabel("Name").fill("API_TOKEN");
  await form.getByLabel("Value").fill(value);
  await form.getByRole("button", { name: "Set secret" }).click();
  await expect(form.getByRole("status")).toContainText("API_TOKEN set; iterations from the next one on see it");
  const row = operator.locator('[data-testid="secret-row"][data-secret="API_TOKEN"]');
  await expect(row).toContainText("e2e-olga");
  expect(await operator.content()).not.toContain(value);

  // A name the runner would not pass is refused at its field.
  await form.getByLabel("Name").fill("PATH");
  await form.getByLabel("Value").fill("x");
  await form.getByRole("button", { name: "Set secret" }).click();
  await expect(form.getByRole("alert").first()).toContainText("must not be one of the base variables");

  await operator.getByTestId("webhook-rotate").click();
  const shown = operator.getByTestId("webhook-section").getByTestId("shown-once");
  await expect(shown).toContainText("Webhook secret");
  await expect(operator.getByTestId("webhook-url")).toHaveText(new RegExp(`/api/hooks/goals/${goal}$`));
  await expect(operator.getByTestId("webhook-secret-state")).toContainText("set");
  await expect(operator.getByTestId("webhook-enabled")).toContainText("on");
  await saveScreenshot(operator, testInfo, "goal-secrets-operator");

  const viewer = await personPage(browser, testInfo, "e2e-vic", await addPerson(page.request, "e2e-vic", "viewer"), `/goals/${goal}/settings`);
  await expect(viewer.locator('[data-testid="secret-row"][data-secret="API_TOKEN"]')).toBeVisible();
  await expect(viewer.getByTestId("goal-settings-read-only")).toBeVisible();
  await expect(viewer.getByTestId("set-secret-form")).toHaveCount(0);
  await expect(viewer.getByTestId("secret-delete")).toHaveCount(0);
  await expect(viewer.getByTestId("webhook-rotate")).toHaveCount(0);
  await saveScreenshot(viewer, testInfo, "goal-secrets-viewer");
  // The API refuses what the page hid.
  expect((await viewer.request.post("/api/trpc/secrets.delete", { data: { name: goal, secret: "API_TOKEN" } })).status()).toBe(403);

  await row.getByTestId("secret-delete").click();
  await row.getByTestId("secret-delete-confirm").click();
  await expect(row).toHaveCount(0);
  await operator.context().close();
  await viewer.context().close();
});

test("a viewer reads the audit log, filtered by person, goal, type and time, a page at a time, and sees no settings controls", async ({
  page,
  browser,
}, testInfo) => {
  // 55 creations through the admin's token: more than a page.
  await applyManifests(
    page,
    Array.from({ length: 55 }, (_, index) => demoManifest(`e2e-audit-${String(index).padStart(2, "0")}`)),
    true,
  );
  const viewer = await personPage(browser, testInfo, "e2e-wendy", await addPerson(page.request, "e2e-wendy", "viewer"), "/settings");
  const tabs = viewer.getByRole("navigation", { name: "Settings" });
  await expect(tabs.getByRole("link")).toHaveText(["Audit log"]);
  await viewer.goto("/settings/users");
  await expect(viewer.getByRole("alert").filter({ hasText: "may not manage users, tokens and settings" })).toBeVisible();

  await viewer.goto("/settings/audit");
  const filters = viewer.getByTestId("audit-filters");
  await filters.getByLabel("Person").fill("admin");
  await filters.getByLabel("Type").fill("Created");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(viewer).toHaveURL(/actor=admin/);
  const rows = viewer.getByTestId("audit-row");
  await expect(rows).toHaveCount(50);
  await expect(rows.first().getByTestId("audit-actor")).toContainText("via token admin");
  await expect(rows.first().getByTestId("audit-type")).toContainText("Created");
  await saveScreenshot(viewer, testInfo, "audit-viewer");
  const newest = await rows.first().getAttribute("data-event");
  await viewer.getByTestId("audit-older").click();
  await expect(viewer).toHaveURL(/before=\d+/);
  const olderFirst = Number(await rows.first().getAttribute("data-event"));
  expect(olderFirst).toBeLessThan(Number(newest));
  await viewer.getByTestId("audit-newer").click();
  await expect(rows.first()).toHaveAttribute("data-event", newest!);

  // One goal; a time window after everything; and a time that is not one, named and left out.
  await viewer.goto("/settings/audit?goal=e2e-audit-07");
  await expect(rows.first()).toBeVisible();
  for (const cell of await viewer.locator('[data-testid="audit-row"] td:nth-child(3)').allTextContents()) expect(cell).toBe("e2e-audit-07");
  await viewer.goto("/settings/audit?from=2099-01-01T00:00");
  await expect(viewer.getByTestId("audit-empty")).toBeVisible();
  const bad = await viewer.goto("/settings/audit?from=yesterday");
  expect(bad?.status()).toBe(200);
  await expect(viewer.getByRole("alert").filter({ hasText: "From (UTC): must be a date and time" })).toBeVisible();
  await expect(rows.first()).toBeVisible();
  await viewer.context().close();
});

test("four eyes a person can follow: the gate says who may decide and how to add someone; the admin's second token is still the admin; the added approver decides", async ({
  page,
  browser,
}, testInfo) => {
  const goal = "e2e-four-eyes-gate";
  // approval.approvers names the admin (kept out by four eyes) and someone who does not exist yet.
  await applyManifests(page, [demoManifest(goal, { approval: { policy: "every-iteration", approvers: ["admin", "e2e-nadia"] } })]);
  await page.goto("/approvals");
  const item = page.locator(`[data-testid="approval-item"][data-goal="${goal}"]`);
  await expect(item).toBeVisible({ timeout: 60_000 });
  const iteration = Number(await item.getAttribute("data-iteration"));
  await page.goto(`/goals/${goal}/iterations/${iteration}`);
  const gate = page.getByTestId("approval-gate");
  await expect(gate.getByTestId("approval-why-not")).toContainText(
    "You cannot decide this gate: you created or last edited this goal, and four-eyes asks another person to decide",
  );
  await expect(gate.getByTestId("approval-deciders")).toContainText("Nobody can decide it yet");
  await expect(gate.getByTestId("approval-deciders")).toContainText("e2e-nadia in approval.approvers is nobody's name");
  await expect(gate.getByTestId("approval-how-to-add")).toContainText("add their name to approval.approvers; they also need the approver or admin role");
  await expect(gate.getByTestId("approve-button")).toHaveCount(0);
  await saveScreenshot(page, testInfo, "gate-explains");

  // A second token of the admin's own is the admin: four eyes refuses it too.
  await page.goto("/settings/tokens");
  await page.getByTestId("create-token-form").getByLabel("Name").fill("e2e-admin-second");
  await page.getByTestId("create-token-form").getByLabel("Role").selectOption("admin");
  await page.getByTestId("create-token-form").getByRole("button", { name: "Create token" }).click();
  const second = (await page.getByTestId("shown-once-value").textContent())!.trim();
  const refused = await page.request.post("/api/trpc/goals.approve", { headers: { authorization: `Bearer ${second}` }, data: { name: goal, iteration } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain("four-eyes: admin created or last edited this goal, so another person must decide");

  // The way the gate pointed to: an admin gives the person the approver role.
  await page.goto("/settings/users");
  const form = page.getByTestId("add-user-form");
  await form.getByLabel("Name").fill("e2e-nadia");
  await form.getByLabel("Role").selectOption("approver");
  await form.getByRole("button", { name: "Add user" }).click();
  const password = (await form.getByTestId("shown-once-value").textContent())!.trim();
  await page.goto(`/goals/${goal}/iterations/${iteration}`);
  await expect(gate.getByTestId("approval-deciders")).toContainText("Who can: e2e-nadia.");

  const nadia = await personPage(browser, testInfo, "e2e-nadia", password, "/approvals");
  const theirs = nadia.locator(`[data-testid="approval-item"][data-goal="${goal}"][data-iteration="${iteration}"]`);
  await expect(theirs.getByTestId("approval-who")).toHaveAttribute("data-may-decide", "true");
  await expect(theirs.getByTestId("approval-deciders")).toContainText("Who may decide: e2e-nadia.");
  await saveScreenshot(nadia, testInfo, "gate-second-person");
  await theirs.getByTestId("approve-button").click();
  await expect(theirs).toHaveCount(0, { timeout: 15_000 });
  await nadia.goto(`/settings/audit?goal=${goal}&type=Approved`);
  await expect(nadia.getByTestId("audit-row").first().getByTestId("audit-actor")).toContainText("e2e-nadia");
  await nadia.context().close();
  const cancel = await page.request.post("/api/trpc/goals.cancel", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name: goal } });
  expect(cancel.status()).toBe(200);
});

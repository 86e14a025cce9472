// Protected paths and hidden checks in the browser: made with the form's own controls (the suggestion
// button, a run layer's hidden-check fields, a bad source refused at its field), and what an iteration whose
// agent tampered with the harness shows on its page.
import { adminToken, applyGoal, demoManifest, expect, saveScreenshot, test } from "./fixtures";
import type { Page } from "@playwright/test";

async function formReady(page: Page) {
  await expect(page.getByTestId("goal-form")).toHaveAttribute("data-ready", "true");
}

async function readSpec(page: Page, name: string): Promise<Record<string, unknown>> {
  const answer = await page.request.get(`/api/trpc/goals.get?input=${encodeURIComponent(JSON.stringify({ name }))}`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data.spec;
}

test("the form proposes the usual protected paths and takes a run layer's hidden checks", async ({ page }, testInfo) => {
  await page.goto("/goals/new");
  await formReady(page);
  await page.getByTestId("demo-button").click();
  await page.getByLabel("Name", { exact: true }).fill("e2e-protected");
  const protect = page.getByLabel("Protected paths");
  await expect(protect).toHaveValue("test/**\nscripts/lint.mjs\npackage.json");
  await page.getByRole("button", { name: /Protect the usual paths/ }).click();
  await expect(protect).toHaveValue(/^test\/\*\*\nscripts\/lint\.mjs\npackage\.json\ntests\/\*\*\n__tests__\/\*\*\npackage-lock\.json\n/);
  await expect(page.getByRole("button", { name: "Usual paths protected" })).toBeDisabled();

  const from = page.locator('[id="field-spec-evaluation-layers-0-hidden-from"]');
  await from.fill("kept/elsewhere");
  await page.locator('[id="field-spec-evaluation-layers-0-hidden-to"]').fill("test/held-out");
  await page.getByTestId("validate-button").click();
  await expect(page.locator('[data-testid="field-error"][data-path="spec.evaluation.layers.0.hidden.from"]')).toContainText("must be an absolute path");
  await from.fill("/srv/hidden/calc-tests");
  await saveScreenshot(page, testInfo, "protect-and-hidden");
  await page.getByTestId("submit-button").click();
  await page.waitForURL("**/goals/e2e-protected");

  const spec = (await readSpec(page, "e2e-protected")) as { evaluation: { protect: string[]; layers: { hidden?: unknown }[] } };
  expect(spec.evaluation.protect.slice(0, 4)).toEqual(["test/**", "scripts/lint.mjs", "package.json", "tests/**"]);
  expect(spec.evaluation.protect).toContain(".github/**");
  expect(spec.evaluation.layers[0].hidden).toEqual({ from: "/srv/hidden/calc-tests", to: "test/held-out" });
});

test("an iteration whose agent rewrote the test script lists what was undone, and the goal does not converge", async ({ page }, testInfo) => {
  const name = "e2e-tampered";
  await applyGoal(
    page,
    demoManifest(name, {
      agent: {
        executor: "command",
        command: `sed -i 's/"test": ".*"/"test": "echo ok"/' package.json && echo 'test("x", () => {})' > test/extra.test.js`,
        timeoutSeconds: 60,
      },
      stop: { maxIterations: 1 },
    }),
  );
  await expect
    .poll(
      async () =>
        (
          await page.request
            .get(`/api/trpc/goals.get?input=${encodeURIComponent(JSON.stringify({ name }))}`, { headers: { authorization: `Bearer ${adminToken()}` } })
            .then((answer) => answer.json())
        ).result?.data?.status?.phase,
      { timeout: 90_000 },
    )
    .toBe("Exhausted");
  await page.goto(`/goals/${name}/iterations/1`);
  const notice = page.getByTestId("protect-violations");
  await expect(notice).toContainText("The agent changed 2 protected paths: undone before measuring, so this iteration is never accepted");
  await expect(notice.locator("li")).toHaveText(["package.jsonmodified", "test/extra.test.jsadded"]);
  await saveScreenshot(page, testInfo, "iteration-protect-violations");
});

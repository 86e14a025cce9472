// The new-goal form's "Start from a template" and "Preview the first prompt", in Chromium against the real
// server: a template read from the seeded demo repository fills the form, the project knowledge typed in is
// shown in iteration 1's prompt (read from the repository, the context command not run), and the goal validates.
import { demoRepo, expect, saveScreenshot, test } from "./fixtures";

test("a template fills the form from the repository, and the preview shows the first prompt with its project knowledge", async ({ page }, testInfo) => {
  await page.goto("/goals/new");
  await expect(page.getByTestId("goal-form")).toHaveAttribute("data-ready", "true");
  const panel = page.getByTestId("template-panel");
  await panel.getByLabel("Template").selectOption({ label: "Clear the linter" });
  await panel.getByLabel("Repository folder").fill(demoRepo());
  await panel.getByTestId("template-button").click();

  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("clear-lint-calculator");
  await expect(page.getByLabel("Repository", { exact: true })).toHaveValue(demoRepo());
  await expect(panel).toContainText("scripts: test, lint");
  await expect(page.getByLabel("Protected paths")).toHaveValue(/\.eslintrc\*/);

  await page.getByLabel("Context files").fill("README.md\nnot-there.md");
  await page.getByLabel("Context command").fill("git log -1 --oneline");
  await page.getByTestId("preview-prompt").click();
  const preview = page.getByTestId("prompt-preview");
  await expect(preview).toContainText('# Setpoint goal "clear-lint-calculator": iteration 1');
  await expect(preview).toContainText("### README.md");
  await expect(preview).toContainText("This is **Setpoint's demo sample**");
  await expect(preview).toContainText("### not-there.md\n(not included: no such file");
  await expect(preview).toContainText("### Output of `git log -1 --oneline`\n(its output is added when the iteration runs");
  await expect(preview).toContainText("lint.ok == 1: not measured yet");
  await saveScreenshot(page, testInfo, "template-and-prompt-preview");

  await page.getByTestId("validate-button").click();
  await expect(page.getByTestId("validation-result")).toHaveAttribute("data-action", "create");
});

test("a context path outside the repository is refused at its field by the preview", async ({ page }) => {
  await page.goto("/goals/new");
  await expect(page.getByTestId("goal-form")).toHaveAttribute("data-ready", "true");
  await page.getByTestId("demo-button").click();
  await page.getByLabel("Context files").fill("/etc/passwd");
  await page.getByTestId("preview-prompt").click();
  await expect(page.locator('[data-testid="field-error"][data-path="spec.context.0"]')).toContainText(/SETPOINT_REPO_ROOTS/);
  await expect(page.getByTestId("prompt-preview")).toHaveCount(0);
});

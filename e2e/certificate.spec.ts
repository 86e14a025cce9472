// A converged goal's page shows its signed certificate; the downloaded file verifies offline with the
// installation's public key, which anyone can fetch; a re-run marks it superseded.
import fs from "node:fs";
import { readPublicKey } from "../server/certificates/signing-key";
import { verifyCertificate } from "../server/certificates/verify-certificate";
import { adminToken, applyGoal, demoManifest, expect, saveScreenshot, test } from "./fixtures";

const GOAL = "e2e-certified";

test("a converged goal shows its certificate; the download verifies with the public key; a re-run supersedes it", async ({ page, playwright }, testInfo) => {
  await applyGoal(page, demoManifest(GOAL));
  await page.goto(`/goals/${GOAL}`);
  const panel = page.getByTestId("certificate-panel");
  await expect(panel).toContainText("None yet: one is signed when the goal converges.");
  await expect(page.getByTestId("goal-phase")).toHaveAttribute("data-phase", "Converged", { timeout: 100_000 });
  const status = panel.getByTestId("certificate-status");
  await expect(status).toHaveAttribute("data-current", "true");
  await expect(status).toContainText("current");
  const accepted = await page.getByTestId("status-panel").locator("code[title]").first().getAttribute("title");
  await expect(panel.getByTestId("certificate-commit")).toHaveAttribute("title", accepted!);
  await saveScreenshot(page, testInfo, "goal-certificate");

  // The public key needs no session: whoever was handed a certificate can check it.
  const stranger = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const key = await stranger.get("/api/certificates/public-key");
  expect(key.status()).toBe(200);
  const pem = await key.text();
  const [download] = await Promise.all([page.waitForEvent("download"), panel.getByTestId("certificate-download").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^${GOAL}-generation-1-iteration-\\d+\\.certificate\\.json$`));
  const file = fs.readFileSync(await download.path(), "utf8");
  const verdict = verifyCertificate(file, readPublicKey(pem, "the served public key"));
  expect(verdict.valid, JSON.stringify(verdict)).toBe(true);
  expect(verdict.valid && verdict.certificate.commit.sha).toBe(accepted);
  // The file itself is not for strangers.
  const href = await panel.getByTestId("certificate-download").getAttribute("href");
  expect((await stranger.get(href!)).status()).toBe(401);
  await stranger.dispose();

  const rerun = await page.request.post("/api/trpc/goals.rerun", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name: GOAL } });
  expect(rerun.status(), await rerun.text()).toBe(200);
  await expect(page.getByTestId("certificate-history")).toBeVisible({ timeout: 100_000 });
  await expect(page.getByTestId("goal-phase")).toHaveAttribute("data-phase", "Converged", { timeout: 100_000 });
  await expect(status).toHaveAttribute("data-current", "true");
  await expect(page.getByTestId("certificate-history")).toContainText("Rerun");
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays out of the middle of the full-page shot
  await saveScreenshot(page, testInfo, "goal-certificate-after-rerun");
});

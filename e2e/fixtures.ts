// Every dashboard test starts signed in, the way a person does: as the first admin, with the password
// `npm start` printed (and kept in the data folder).
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page, type TestInfo } from "@playwright/test";
import { parse } from "yaml";

export function adminToken(): string {
  const dataDir = process.env.SETPOINT_E2E_DATA_DIR;
  if (!dataDir) throw new Error("SETPOINT_E2E_DATA_DIR is not set: run through playwright.config.ts");
  return fs.readFileSync(path.join(dataDir, "admin-token"), "utf8").trim();
}

export function adminPassword(): string {
  return fs.readFileSync(path.join(process.env.SETPOINT_E2E_DATA_DIR!, "admin-password"), "utf8").trim();
}

export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function demoRepo(): string {
  return path.join(process.env.SETPOINT_E2E_DATA_DIR!, "demo", "calculator");
}

export const test = base.extend<{ signedIn: void }>({
  signedIn: [
    async ({ page }, use) => {
      await page.goto("/sign-in");
      await signIn(page, "admin", adminPassword());
      await page.waitForURL((url) => url.pathname === "/");
      await use();
    },
    { auto: true },
  ],
});

export { expect };

// A full-page screenshot kept with the test's results (test-results/), for a person to look at.
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

// Applies a goal through the API, as the CLI does.
export async function applyGoal(page: Page, manifest: Record<string, unknown>): Promise<void> {
  const answer = await page.request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: { manifests: [manifest] },
  });
  expect(answer.status(), await answer.text()).toBe(200);
}

// The demo goal of examples/ under another name, on the seeded sample repository.
export function demoManifest(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  const example = parse(fs.readFileSync(path.resolve(import.meta.dirname, "../examples/calculator-goal.yaml"), "utf8"));
  return {
    ...example,
    metadata: { name, labels: { e2e: "true" } },
    spec: { ...example.spec, workspace: { ...example.spec.workspace, repo: demoRepo() }, ...spec },
  };
}

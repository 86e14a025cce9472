// Every dashboard test starts signed in, the way a person does: as the first admin, with the password
// `npm start` printed (and kept in the data folder).
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type Page, type TestInfo } from "@playwright/test";
import pg from "pg";
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

// React 19.2 reveals streamed Suspense content in batches (on the next frame, then about every 300 ms):
// until then the content also sits in the page as a hidden `<div hidden id="S:n">` (react/react#37078,
// #37014), which a strict locator counts as a second match. A person never sees it; a test acting in that
// window fails. So every page.goto, page.reload and page.waitForURL waits until the page has finished streaming and revealing.
const STREAMING = 'template[id^="B:"], div[hidden][id^="S:"]';
let gotoSettles = false;

function settleAfterGoto(page: Page): void {
  if (gotoSettles) return;
  gotoSettles = true;
  const prototype = Object.getPrototypeOf(page) as Page;
  const goto = prototype.goto;
  prototype.goto = async function (this: Page, ...args: Parameters<Page["goto"]>) {
    const response = await goto.apply(this, args);
    await revealed(this);
    return response;
  };
  // A reload streams the page again: the same.
  const reload = prototype.reload;
  prototype.reload = async function (this: Page, ...args: Parameters<Page["reload"]>) {
    const response = await reload.apply(this, args);
    await revealed(this);
    return response;
  };
  // A navigation a click started (signing in, a form's redirect) is waited for with waitForURL: the same then.
  const waitForURL = prototype.waitForURL;
  prototype.waitForURL = async function (this: Page, ...args: Parameters<Page["waitForURL"]>) {
    await waitForURL.apply(this, args);
    await revealed(this);
  };
}

// For a navigation neither page.goto nor page.waitForURL waited for (expect(page).toHaveURL after a click).
export async function revealed(page: Page): Promise<void> {
  await page.waitForFunction((selector) => !document.querySelector(selector), STREAMING, { timeout: 15_000 }).catch(() => {});
}

// biome-ignore lint/suspicious/noConfusingVoidType: Playwright's own spelling of a fixture that gives nothing
export const test = base.extend<{ signedIn: void }>({
  signedIn: [
    async ({ page }, use) => {
      settleAfterGoto(page);
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

// Adds a person through the API, as an admin does; returns the password they were given.
export async function addPerson(request: APIRequestContext, name: string, role: string): Promise<string> {
  const answer = await request.post("/api/trpc/users.add", { headers: { authorization: `Bearer ${adminToken()}` }, data: { name, role } });
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data.password;
}

// Statements straight into the server's database, for rows only a runner writes (the embedded Postgres `npm start` announced).
export async function withDatabase<T>(work: (run: (sql: string, values?: unknown[]) => Promise<unknown>) => Promise<T>): Promise<T> {
  const url = fs.readFileSync(path.join(process.env.SETPOINT_E2E_DATA_DIR!, "database.url"), "utf8").trim();
  const client = new pg.Client({ connectionString: url, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    return await work((sql, values) => client.query(sql, values));
  } finally {
    await client.end();
  }
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

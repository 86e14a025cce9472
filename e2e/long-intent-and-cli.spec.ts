// Smaller things found by a new user: a long intent folds so the chart stays on the first screen, and
// the CLI finds a server started on another PORT through the data folder, with no SETPOINT_URL.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { adminToken, demoManifest, expect, saveScreenshot, test } from "./fixtures";

const ROOT = path.resolve(import.meta.dirname, "..");

for (const [label, intent] of [
  [
    "a 5 KB intent of many lines",
    Array.from({ length: 60 }, (_, line) => `Step ${line}: make every test pass without editing the tests, then keep the linter quiet.`).join("\n"),
  ],
  ["a 60 KB intent on one line", "Make every test pass without editing the tests. ".repeat(1250)],
] as const) {
  test(`${label} folds to its first lines, so the chart stays on the first screen; 'show all' opens it`, async ({ page }, testInfo) => {
    const goal = `e2e-intent-${intent.length}`;
    const answer = await page.request.post("/api/trpc/goals.applyManifests", {
      headers: { authorization: `Bearer ${adminToken()}` },
      data: { manifests: [demoManifest(goal, { intent })], paused: true },
    });
    expect(answer.status(), await answer.text()).toBe(200);
    await page.goto(`/goals/${goal}`);
    const chart = page.getByRole("heading", { name: "Convergence" });
    await expect(chart).toBeVisible();
    const viewport = page.viewportSize()!;
    // Room for the chart under its heading on the first screen (unfolded, the intent alone is thousands of pixels).
    expect((await chart.boundingBox())!.y, "the chart's heading is on the first screen").toBeLessThan(viewport.height - 300);
    const toggle = page.getByTestId("goal-intent-toggle");
    await expect(toggle).toContainText(/Show all \(\d[\d,]* lines?, \d+(\.\d)? KB\)/);
    await saveScreenshot(page, testInfo, "intent-folded");
    await toggle.click();
    await expect(page.getByTestId("goal-intent").locator("div")).toContainText(intent.slice(-60).trim());
    await expect(toggle).toContainText("Show less");
  });
}

test("npm start on another PORT writes its address to the data folder, and the CLI finds it there without SETPOINT_URL", async ({ baseURL }) => {
  const dataDir = process.env.SETPOINT_E2E_DATA_DIR!;
  const port = new URL(baseURL!).port;
  expect(fs.readFileSync(path.join(dataDir, "server-url"), "utf8").trim()).toBe(`http://localhost:${port}`);
  const env: NodeJS.ProcessEnv = { ...process.env, SETPOINT_DATA_DIR: dataDir };
  for (const name of ["SETPOINT_URL", "SETPOINT_TOKEN", "PORT"]) delete env[name];
  const answer = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "whoami"], { cwd: os.tmpdir(), env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  expect(answer.stderr).toBe("");
  expect(answer.stdout.trim()).toBe("admin (admin, by API token)");
});

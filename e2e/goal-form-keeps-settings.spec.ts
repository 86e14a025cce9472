// The goal form loses nothing, in Chromium against the real server: issue 13's repro (apply with every
// setting from the CLI, edit only the intent in the browser, save, read it back), the YAML tab on the
// new-goal page, every spec key's control on the page, and the new controls used as a person would.
import { parse } from "yaml";
import { CONTROLS } from "../components/goal-form/field-catalog";
import { adminToken, applyGoal, demoManifest, expect, saveScreenshot, test } from "./fixtures";
import type { Page } from "@playwright/test";

type Spec = Record<string, unknown>;

// Everything the issue found lost, plus one layer of each kind so every control has something to show.
// It depends on a goal that never exists, so no runner starts it while the test edits it.
function everySetting(name: string) {
  const manifest = demoManifest(name, {
    agent: {
      executor: "demo",
      timeoutSeconds: 60,
      command: "./agent.sh",
      model: "m-1",
      args: ["--fast"],
      env: { MODE: "ci" },
      baseUrl: "http://127.0.0.1:4000",
      permissions: "full",
    },
    context: ["AGENTS.md", "docs/design.md"],
    contextCommand: "git log -5 --stat",
    strategy: {
      candidates: 3,
      executors: ["demo", { executor: "demo", model: "m-2", baseUrl: "http://127.0.0.1:4001", command: "/opt/demo", args: ["--x"] }],
      when: "onStall",
    },
    sandbox: "bwrap",
    network: false,
    approval: { policy: "on-converge", fourEyes: false, approvers: ["alice"], timeoutMinutes: 30, onTimeout: "fail" },
    triggers: { schedule: "0 6 * * *", webhook: true },
    dependsOn: ["e2e-never-created"],
    notify: [{ url: "https://hooks.example.com/services/T1", events: ["Converged", "Failed"], signingSecret: "HOOK_KEY" }],
    env: { pass: ["ANTHROPIC_API_KEY"] },
    stop: { maxIterations: 12, maxDurationMinutes: 90, maxCostUsd: 3, stallIterations: 4, onRegression: "keep" },
    retry: { maxAgentFailures: 2, backoffSeconds: 9 },
  }) as { spec: Spec & { evaluation: { layers: Spec[] } } };
  manifest.spec.workspace = {
    ...(manifest.spec.workspace as Spec),
    push: true,
    setup: "true",
    pullRequest: {
      base: "release",
      draft: true,
      title: "Fix the calculator",
      repository: "acme/calculator",
      tokenSecret: "CALC_TOKEN",
      apiUrl: "https://ghe.example.com/api/v3",
    },
  };
  const guard = manifest.spec.evaluation.layers.find((layer) => layer.name === "guard") as { policy: Spec };
  guard.policy.allowPaths = ["src/**"];
  (manifest.spec.metrics as Spec[]).push({ metric: "bench.p95", target: "<= baseline * 1.05" }); // a relative target
  manifest.spec.evaluation.layers.push(
    { name: "cov", run: "echo 'lines 90%'", parse: "regex", pattern: "lines (?<lines>\\d+)%", hidden: { from: "/srv/hidden/calc-tests", to: "test/held-out" } },
    { name: "bench", run: "echo '{}'", parse: "json", fields: { p95: "latency.p95" } },
    {
      name: "review",
      agent: {
        executor: "command",
        command: "./review.sh",
        model: "r-1",
        args: ["-v"],
        timeoutSeconds: 30,
        env: { STRICT: "1" },
        baseUrl: "https://gateway.example.com/v1",
        permissions: "full",
      },
    },
  );
  return manifest as unknown as Spec;
}

async function readGoal(page: Page, name: string): Promise<{ spec: Spec; metadata: { generation: number; labels: Record<string, string> } }> {
  const answer = await page.request.get(`/api/trpc/goals.get?input=${encodeURIComponent(JSON.stringify({ name }))}`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  return (await answer.json()).result.data;
}

async function formReady(page: Page) {
  await expect(page.getByTestId("goal-form")).toHaveAttribute("data-ready", "true");
}

test("a goal applied with every setting keeps them all when only its intent is edited in the browser", async ({ page }, testInfo) => {
  const name = "e2e-keeps-settings";
  await applyGoal(page, everySetting(name));
  const applied = await readGoal(page, name);

  await page.goto(`/goals/${name}/edit`);
  await formReady(page);
  // The YAML tab shows the whole stored manifest.
  await page.getByTestId("tab-yaml").click();
  const shown = parse(await page.getByTestId("yaml-editor").inputValue());
  expect(shown.spec).toEqual(applied.spec);
  await page.getByTestId("tab-form").click();

  // Every key of the schema that has a control in the catalog has it on the page.
  for (const control of CONTROLS) {
    const id = `field-${concrete(control, everySetting(name)).replace(/[^A-Za-z0-9]+/g, "-")}`;
    await expect(page.locator(`[id="${id}"]`), control).toHaveCount(1);
  }
  await expect(page.getByLabel("Sandbox", { exact: true })).toHaveValue("bwrap");
  await expect(page.getByLabel("Four eyes")).not.toBeChecked();
  await saveScreenshot(page, testInfo, "edit-every-setting");

  await page.getByLabel("Intent").fill("Make every test pass; keep every setting.");
  await page.getByTestId("submit-button").click();
  await page.waitForURL(`**/goals/${name}`);

  const saved = await readGoal(page, name);
  expect(saved.metadata.generation).toBe(2);
  expect(saved.spec).toEqual({ ...applied.spec, intent: "Make every test pass; keep every setting." });
  expect(saved.metadata.labels).toEqual(applied.metadata.labels);
});

test("saving an unchanged goal from the edit page changes nothing", async ({ page }) => {
  const name = "e2e-save-unchanged";
  await applyGoal(page, everySetting(name));
  await page.goto(`/goals/${name}/edit`);
  await formReady(page);
  await page.getByTestId("submit-button").click();
  await expect(page.getByTestId("validation-result")).toHaveAttribute("data-kind", "unchanged");
  expect((await readGoal(page, name)).metadata.generation).toBe(1);
});

test("on the new-goal page, settings pasted into the YAML tab survive the form and come back", async ({ page }, testInfo) => {
  const manifest = everySetting("e2e-pasted");
  await page.goto("/goals/new");
  await formReady(page);
  await page.getByTestId("tab-yaml").click();
  const editor = page.getByTestId("yaml-editor");
  const { stringify } = await import("yaml");
  await editor.fill(stringify(manifest));
  await page.getByTestId("tab-form").click();
  await expect(page.getByLabel("Sandbox", { exact: true })).toHaveValue("bwrap");
  await expect(page.getByLabel("Network access")).not.toBeChecked();
  await expect(page.getByLabel("Four eyes")).not.toBeChecked();
  await expect(page.getByLabel("Schedule (cron, UTC)")).toHaveValue("0 6 * * *");
  await expect(page.getByTestId("schedule-next-runs")).toContainText("06:00");
  await expect(page.locator('[data-testid="name-chip"]', { hasText: "alice" })).toBeVisible();
  await saveScreenshot(page, testInfo, "new-goal-pasted");
  await page.getByTestId("tab-yaml").click();
  expect(parse(await editor.inputValue())).toEqual(manifest);
});

test("every setting can be made with the form's own controls", async ({ page }, testInfo) => {
  await applyGoal(page, demoManifest("e2e-upstream-cache"));
  await page.goto("/goals/new");
  await formReady(page);
  const support = await page.request.get("/api/trpc/spec.sandboxSupport", { headers: { authorization: `Bearer ${adminToken()}` } });
  const bwrapWorks = (await support.json()).result.data.bwrap as boolean;
  // A new goal is proposed sandbox: bwrap wherever bubblewrap works here.
  await expect(page.getByLabel("Sandbox", { exact: true })).toHaveValue(bwrapWorks ? "bwrap" : "");
  await saveScreenshot(page, testInfo, "new-goal-empty");

  await page.getByTestId("demo-button").click();
  await page.getByLabel("Name", { exact: true }).fill("e2e-made-in-form");
  // Network can only be cut with a sandbox, and the form says so.
  await page.getByLabel("Sandbox", { exact: true }).selectOption("");
  await expect(page.getByLabel("Network access")).toBeDisabled();
  await expect(page.getByTestId("sandbox-note")).toContainText("act as the installation");
  await page.getByLabel("Sandbox", { exact: true }).selectOption("bwrap");
  await page.getByLabel("Network access").uncheck();
  await page.getByLabel("Variables passed from the runner").fill("ANTHROPIC_API_KEY");
  await page.getByLabel("Variables passed from the runner").press("Enter");

  await page.getByLabel("Approval policy").selectOption("on-converge");
  await page.getByLabel("Four eyes").uncheck();
  await page.getByLabel("Approvers").fill("alice");
  await page.getByLabel("Approvers").press("Enter");
  await page.getByLabel("Timeout (minutes)").fill("30");
  await page.getByLabel("On timeout").selectOption("fail");

  await page.getByRole("button", { name: /Triggers and dependencies/ }).click();
  await page.getByLabel("Schedule (cron, UTC)").fill("0 6 * * 1");
  await expect(page.getByTestId("schedule-next-runs")).toContainText("Mon");
  await page.getByLabel("Webhook").check();
  // The picker offers existing goals for what is typed.
  await page.getByLabel("Depends on").fill("e2e-upstream");
  await expect(page.locator('[id="field-spec-dependsOn-suggestions"] option[value="e2e-upstream-cache"]')).toHaveCount(1);
  await page.getByLabel("Depends on").fill("e2e-upstream-cache");
  await page.getByLabel("Depends on").press("Enter");

  // A mistake in a folded section opens it, with the error at the field.
  await page.getByLabel("Schedule (cron, UTC)").fill("daily");
  await page.getByRole("button", { name: /Triggers and dependencies/ }).click();
  await expect(page.getByLabel("Schedule (cron, UTC)")).toBeHidden();
  await page.getByTestId("validate-button").click();
  await expect(page.locator('[data-testid="field-error"][data-path="spec.triggers.schedule"]')).toContainText("cron");
  await expect(page.getByLabel("Schedule (cron, UTC)")).toBeVisible();
  await page.getByLabel("Schedule (cron, UTC)").fill("0 6 * * 1");

  await page.getByLabel("Open a GitHub pull request when it converges").check();
  await page.getByLabel("GitHub repository").fill("acme/calculator");
  await page.getByLabel("Open it as a draft").check();

  await page.getByRole("button", { name: /Notifications/ }).click();
  await page.getByRole("button", { name: "+ Add a destination" }).click();
  await page.getByLabel("Destination 1 URL").fill("https://hooks.example.com/services/T2");
  for (const event of ["AwaitingApproval", "Stalled", "Exhausted", "Drifted", "BudgetWarning"]) await page.getByRole("checkbox", { name: event }).uncheck();
  await page.getByLabel("Signing secret").fill("HOOK_KEY");

  // Best of N: three candidates, the demo agent and the demo agent with another model, taken in turn.
  await page.getByRole("button", { name: /Best of N/ }).click();
  await page.getByLabel("Candidates", { exact: true }).fill("3");
  await page.getByRole("button", { name: "+ Add a candidate agent" }).click();
  await page.getByLabel("Candidate agent 1", { exact: true }).selectOption("demo");
  await page.getByRole("button", { name: "+ Add a candidate agent" }).click();
  await page.getByLabel("Candidate agent 2", { exact: true }).selectOption("demo");
  await page.getByLabel("Model 2", { exact: true }).fill("m-2");
  await page.getByLabel("Run candidates").selectOption("onStall");

  await page.getByRole("button", { name: /Limits and retries/ }).click();
  await page.getByLabel("Max iterations").fill("7");
  await saveScreenshot(page, testInfo, "new-goal-every-control");
  await page.getByTestId("submit-button").click();
  await page.waitForURL("**/goals/e2e-made-in-form");

  const { spec } = await readGoal(page, "e2e-made-in-form");
  expect(spec).toMatchObject({
    sandbox: "bwrap",
    network: false,
    env: { pass: ["ANTHROPIC_API_KEY"] },
    approval: { policy: "on-converge", fourEyes: false, approvers: ["alice"], timeoutMinutes: 30, onTimeout: "fail" },
    triggers: { schedule: "0 6 * * 1", webhook: true },
    dependsOn: ["e2e-upstream-cache"],
    notify: [{ url: "https://hooks.example.com/services/T2", events: ["Converged", "Failed"], signingSecret: "HOOK_KEY" }],
    stop: { maxIterations: 7 },
    strategy: { candidates: 3, executors: [{ executor: "demo" }, { executor: "demo", model: "m-2" }], when: "onStall" },
    workspace: { pullRequest: { base: "main", draft: true, repository: "acme/calculator", tokenSecret: "GITHUB_TOKEN", apiUrl: "https://api.github.com" } },
  });
  await expect(page.getByTestId("sandbox-warning")).toHaveCount(0);
});

test("the goal page says plainly that an unsandboxed goal's agent can act as the installation", async ({ page }, testInfo) => {
  await applyGoal(page, demoManifest("e2e-unsandboxed", { dependsOn: ["e2e-never-created"] }));
  await page.goto("/goals/e2e-unsandboxed");
  await expect(page.getByTestId("sandbox-warning")).toContainText("act as the installation");
  await saveScreenshot(page, testInfo, "goal-unsandboxed");
  await page.getByTestId("sandbox-warning").getByRole("link", { name: "Choose sandbox: bwrap" }).click();
  await page.waitForURL("**/goals/e2e-unsandboxed/edit#section-sandbox");
  await formReady(page);
  await expect(page.getByTestId("sandbox-note")).toBeInViewport();
});

// A catalog path with its list rows named by the first row that has the key ("spec.notify[].url" → "spec.notify.0.url").
function concrete(control: string, manifest: unknown): string {
  const parts = control.split(/\[\]/);
  let path = parts[0];
  let at: unknown = valueAt(manifest, path);
  for (const rest of parts.slice(1)) {
    const index = (at as unknown[]).findIndex((item) => rest === "" || valueAt(item, rest.slice(1)) !== undefined);
    if (index < 0) throw new Error(`the fixture has no row with ${control}: give it one`);
    path = `${path}.${index}${rest}`;
    at = valueAt(manifest, path);
  }
  return path;
}

function valueAt(value: unknown, path: string): unknown {
  return path
    .split(".")
    .filter(Boolean)
    .reduce<unknown>((current, key) => (current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined), value);
}

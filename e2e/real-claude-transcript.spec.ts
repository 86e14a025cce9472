// A goal run by the real Claude Code CLI (against a scripted Anthropic server in this test), set up only
// through agent.baseUrl, agent.model and a goal secret: the iteration page shows the tool call its
// permissions denied, and what it did the next time (steps, files touched, the session to resume).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { agentCli } from "../tests/support/agent-clis";
import { primaryWorkingDirectory, startAnthropicServer } from "../tests/support/scripted-model/anthropic-messages";
import { callTool, say, usage, type RecordedRequest } from "../tests/support/scripted-model/script";
import type { ScriptedServer } from "../tests/support/scripted-model/server";
import { adminToken, expect, saveScreenshot, test } from "./fixtures";

const GOAL = "claude-transcript";
let server: ScriptedServer;
test.afterAll(async () => server?.close());

function sampleRepo(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-e2e-claude-repo-"));
  fs.writeFileSync(path.join(repo, "sum.mjs"), "export const sum = (a, b) => a - b;\n");
  fs.writeFileSync(path.join(repo, "test.mjs"), 'import { sum } from "./sum.mjs";\nif (sum(2, 3) !== 5) process.exit(1);\n');
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "-A");
  git("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "--quiet", "-m", "start");
  return repo;
}

const inWorktree = (request: RecordedRequest) => path.join(primaryWorkingDirectory(request)!, "sum.mjs");

test("the iteration page shows the command claude was denied, then the steps, files and session of the run that fixed the code", async ({ page }, testInfo) => {
  server = await startAnthropicServer([
    callTool("Bash", { command: "node test.mjs", description: "run the test" }, usage(900, 30)),
    say("I could not run the tests.", usage(1000, 12)),
    (request) => callTool("Read", { file_path: inWorktree(request) }, usage(1200, 40)),
    (request) => callTool("Edit", { file_path: inWorktree(request), old_string: "a - b", new_string: "a + b" }, usage(1500, 60)),
    say("sum.mjs now adds.", usage(1700, 20)),
  ]);
  // As the README says: apply paused, store the key as the goal's secret, resume.
  const api = async (procedure: string, data: unknown) => {
    const answer = await page.request.post(`/api/trpc/${procedure}`, { headers: { authorization: `Bearer ${adminToken()}` }, data });
    expect(answer.status(), await answer.text()).toBe(200);
  };
  await api("goals.applyManifests", {
    paused: true,
    manifests: [
      {
        apiVersion: "setpoint.dev/v1",
        kind: "Goal",
        metadata: { name: GOAL },
        spec: {
          intent: "Make sum.mjs add so test.mjs passes.",
          workspace: { repo: sampleRepo(), ref: "main" },
          agent: { executor: "claude-code", command: agentCli("claude"), model: "claude-sonnet-4-5", baseUrl: server.url, timeoutSeconds: 120 },
          metrics: [{ metric: "tests.ok", target: "== 1" }],
          evaluation: { layers: [{ name: "tests", run: "node test.mjs" }] },
          stop: { maxIterations: 4 },
        },
      },
    ],
  });
  await api("secrets.set", { name: GOAL, secret: "ANTHROPIC_API_KEY", value: "sk-ant-e2e" });
  await api("goals.resume", { name: GOAL });

  // The page follows the goal live.
  await page.goto(`/goals/${GOAL}`);
  await expect(page.getByTestId("goal-phase")).toHaveAttribute("data-phase", "Converged", { timeout: 90_000 });

  await page.goto(`/goals/${GOAL}/iterations/1`);
  const denied = page.getByTestId("denied-tool-calls");
  await expect(denied).toContainText("1 tool call was denied");
  await expect(denied).toContainText("Bash: node test.mjs");
  await expect(page.getByTestId("transcript-steps").locator('[data-status="denied"]')).toContainText("node test.mjs");
  await saveScreenshot(page, testInfo, "denied-command");

  await page.goto(`/goals/${GOAL}/iterations/2`);
  await expect(page.getByTestId("denied-tool-calls")).toHaveCount(0);
  const steps = page.getByTestId("transcript-steps").locator("li");
  await expect(steps).toHaveText([/Read\s*sum\.mjs/, /Edit\s*sum\.mjs/, "sum.mjs now adds."]);
  await expect(page.getByTestId("files-touched")).toContainText("sum.mjs");
  await expect(page.getByTestId("commands-run")).toContainText("No command run.");
  const sessionId = (await page.getByTestId("session-id").textContent())!;
  expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId("resume-command")).toContainText(`claude --resume ${sessionId}`);
  await saveScreenshot(page, testInfo, "transcript");
});

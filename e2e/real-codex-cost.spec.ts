// A goal run by the real Codex CLI (against a scripted OpenAI Responses server in this test), set up only
// through agent.baseUrl, agent.model and a goal secret: it converges, and since Codex prints tokens but no
// cost, the goal's iteration table and the iteration page say the cost is unknown rather than $0.00.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { agentCli } from "../tests/support/agent-clis";
import { startOpenAiResponsesServer } from "../tests/support/scripted-model/openai-responses";
import { callTool, say, usage } from "../tests/support/scripted-model/script";
import type { ScriptedServer } from "../tests/support/scripted-model/server";
import { SUM_FILES } from "../tests/support/sum-goal";
import { adminToken, expect, saveScreenshot, test } from "./fixtures";

const GOAL = "codex-cost-unknown";
const FIX = "*** Begin Patch\n*** Update File: sum.js\n@@\n-module.exports = (a, b) => a - b;\n+module.exports = (a, b) => a + b;\n*** End Patch\n";
let server: ScriptedServer;
test.afterAll(async () => server?.close());

function sumRepo(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-e2e-codex-repo-"));
  for (const [file, text] of Object.entries(SUM_FILES)) fs.writeFileSync(path.join(repo, file), text);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "-A");
  git("-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "commit", "--quiet", "-m", "start");
  return repo;
}

test("a goal run by codex converges, and its iterations' cost reads unknown, with the tokens codex printed", async ({ page }, testInfo) => {
  server = await startOpenAiResponsesServer([callTool("apply_patch", { input: FIX }, usage(1200, 80)), say("sum.js adds now.", usage(1500, 20))]);
  const api = async (procedure: string, data: unknown) => {
    const answer = await page.request.post(`/api/trpc/${procedure}`, { headers: { authorization: `Bearer ${adminToken()}` }, data });
    expect(answer.status(), await answer.text()).toBe(200);
  };
  // As the README says: apply paused, store the key as the goal's secret, resume.
  await api("goals.applyManifests", {
    paused: true,
    manifests: [
      {
        apiVersion: "setpoint.dev/v1",
        kind: "Goal",
        metadata: { name: GOAL },
        spec: {
          intent: "Make sum.js add its arguments.",
          workspace: { repo: sumRepo(), ref: "main" },
          agent: { executor: "codex", command: agentCli("codex"), model: "gpt-5.5", baseUrl: `${server.url}/v1`, timeoutSeconds: 120 },
          metrics: [{ metric: "tests.ok", target: "== 1" }],
          evaluation: { layers: [{ name: "tests", run: "node sum.test.js" }] },
          stop: { maxIterations: 3 },
        },
      },
    ],
  });
  await api("secrets.set", { name: GOAL, secret: "OPENAI_API_KEY", value: "sk-e2e-codex" });
  await api("goals.resume", { name: GOAL });

  await page.goto(`/goals/${GOAL}`);
  await expect(page.getByTestId("goal-phase")).toHaveAttribute("data-phase", "Converged", { timeout: 90_000 });
  const row = page.locator('[data-testid="iteration-row"][data-iteration="1"]');
  await expect(row.getByTestId("cost-unknown")).toHaveText("unknown");
  // The baseline ran no agent: its $0.00 is what it cost.
  await expect(page.locator('[data-testid="iteration-row"][data-iteration="0"]').getByTestId("cost-unknown")).toHaveCount(0);

  await page.goto(`/goals/${GOAL}/iterations/1`);
  const facts = page.getByTestId("iteration-facts");
  await expect(facts.getByTestId("cost-unknown")).toHaveText("unknown");
  await expect(facts).toContainText("2,700 in · 100 out");
  await saveScreenshot(page, testInfo, "codex-cost-unknown");
});

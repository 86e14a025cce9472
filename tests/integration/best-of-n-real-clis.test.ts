// Best of N with two real agent CLIs competing on one iteration: candidate 1 is the pinned Claude Code against a
// scripted Anthropic server, candidate 2 the pinned Codex against a scripted OpenAI Responses server, each set up
// by its own strategy.executors entry. Claude's change is wrong, Codex's right: the measurement keeps Codex's.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { primaryWorkingDirectory, startAnthropicServer } from "../support/scripted-model/anthropic-messages";
import { startOpenAiResponsesServer } from "../support/scripted-model/openai-responses";
import { callTool, say, usage, type RecordedRequest } from "../support/scripted-model/script";
import { scriptedServers, SUM_FILES, sumSpec } from "../support/sum-goal";

const CODEX_FIX = "*** Begin Patch\n*** Update File: sum.js\n@@\n-module.exports = (a, b) => a - b;\n+module.exports = (a, b) => a + b;\n*** End Patch\n";
const inWorktree = (request: RecordedRequest, file: string) => path.join(primaryWorkingDirectory(request)!, file);

let harness: Harness;
const anthropic = scriptedServers(startAnthropicServer);
const openai = scriptedServers(startOpenAiResponsesServer);
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await anthropic.closeAll();
  await openai.closeAll();
  await harness.close();
});

test("claude-code and codex compete as candidates of one iteration; the one whose change measures right is kept", async () => {
  const claudeModel = await anthropic.serve([
    (request) => callTool("Read", { file_path: inWorktree(request, "sum.js") }, usage(1000, 30)),
    (request) => callTool("Edit", { file_path: inWorktree(request, "sum.js"), old_string: "a - b", new_string: "a * b" }, usage(1200, 40)),
    say("sum.js multiplies now.", usage(1300, 10)),
  ]);
  const codexModel = await openai.serve([callTool("apply_patch", { input: CODEX_FIX }, usage(1200, 80)), say("Fixed sum.js: it adds now.", usage(1500, 20))]);
  const repo = await harness.gitRepo("two-clis", SUM_FILES);
  await harness.apply(
    "two-clis",
    sumSpec(
      repo,
      { executor: "claude-code", command: agentCli("claude"), model: "claude-sonnet-4-5", baseUrl: claudeModel.url, timeoutSeconds: 180 },
      {
        strategy: {
          candidates: 2,
          executors: [
            "claude-code",
            {
              executor: "codex",
              command: agentCli("codex"),
              model: "gpt-5.5",
              baseUrl: `${codexModel.url}/v1`,
              args: ["-c", "model_providers.setpoint.stream_max_retries=0", "-c", "model_providers.setpoint.request_max_retries=0"],
            },
          ],
        },
      },
    ),
  );
  await setGoalSecret(harness.db, "two-clis", { name: "ANTHROPIC_API_KEY", value: "sk-ant-scripted" }, "test");
  await setGoalSecret(harness.db, "two-clis", { name: "OPENAI_API_KEY", value: "sk-scripted-codex" }, "test");
  const runner = await harness.startRunner(2);
  try {
    const goal = await harness.waitForPhase("two-clis", ["Converged", "Stalled", "Exhausted", "Failed"], 240_000);
    const iteration = (await harness.iterations("two-clis")).find((row) => row.number === 1)!;
    const candidates = await harness.db.candidate.findMany({ where: { iterationId: iteration.id }, orderBy: { number: "asc" } });
    const said = JSON.stringify(candidates.map((row) => [row.number, row.executor, row.phase, row.agentError, row.agentOutput.slice(-800)]));
    assert.equal(goal.phase, "Converged", `${goal.message}\n${said}`);
    assert.deepEqual(
      candidates.map((row) => [row.executor, row.model, row.phase, (row.metrics as Record<string, number>)["tests.ok"], row.winner]),
      [
        ["claude-code", "claude-sonnet-4-5", "Evaluated", 0, false],
        ["codex", "gpt-5.5", "Evaluated", 1, true],
      ],
    );
    assert.match(candidates[0].diff, /\+module\.exports = \(a, b\) => a \* b;/, "claude's losing change is kept");
    assert.match(candidates[1].diff, /\+module\.exports = \(a, b\) => a \+ b;/);
    assert.equal(iteration.winner, 2);
    assert.equal(iteration.executor, "codex", "the iteration names the maker whose change it kept");
    assert.match(iteration.diff, /a \+ b/);
    assert.ok(candidates[0].costUsd > 0, "claude printed a cost");
    assert.equal(iteration.costUsd, candidates[0].costUsd + candidates[1].costUsd, "every candidate's cost counts");
    assert.equal(claudeModel.cursor.remaining, 0);
    assert.equal(codexModel.cursor.remaining, 0);
    // Each CLI got the same task.
    assert.match(JSON.stringify(claudeModel.requests[0].body), /Make sum\.js add its arguments/);
    assert.match(JSON.stringify(codexModel.requests[0].body), /Make sum\.js add its arguments/);
  } finally {
    await runner.drain(1000);
  }
});

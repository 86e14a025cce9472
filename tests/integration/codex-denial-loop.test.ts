import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { startOpenAiResponsesServer } from "../support/scripted-model/openai-responses";
import { callTool, say, usage } from "../support/scripted-model/script";
import { runSumGoal, scriptedServers, sumSpec } from "../support/sum-goal";
import { readTranscript } from "../../server/executors/agent-transcript";

let harness: Harness;
const servers = scriptedServers(startOpenAiResponsesServer);
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await servers.closeAll();
  await harness.close();
});
const FIX = "*** Begin Patch\n*** Update File: sum.js\n@@\n-module.exports = (a, b) => a - b;\n+module.exports = (a, b) => a + b;\n*** End Patch\n";

test("a codex change that failed is on the iteration and in the next prompt", async () => {
  const server = await servers.serve([
    callTool("apply_patch", { input: FIX }, usage(100, 10)),
    say("Done.", usage(120, 5)),
    callTool("apply_patch", { input: FIX }, usage(100, 10)),
    say("Done.", usage(120, 5)),
  ]);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cg-"));
  fs.chmodSync(scratch, 0o777);
  const { goal } = await runSumGoal(
    harness,
    "codex-denial-loop",
    (repo) =>
      sumSpec(
        repo,
        {
          executor: "codex",
          command: agentCli("codex"),
          model: "gpt-5.5",
          baseUrl: `${server.url}/v1`,
          env: { CODEX_HOME: path.join(scratch, "h"), TMPDIR: scratch },
        },
        { stop: { maxIterations: 2, stallIterations: 5 } },
      ),
    { name: "OPENAI_API_KEY", value: "k" },
  );
  const rows = await harness.iterations("codex-denial-loop");
  console.log(
    goal.phase,
    rows.map((r) => [r.number, r.phase, r.agentError]),
  );
  const t = readTranscript(rows[1].transcript);
  console.log(JSON.stringify(t?.denials));
  assert.deepEqual(t?.denials, [{ tool: "apply_patch", summary: "could not change sum.js" }]);
  assert.match(rows[2].prompt, /Tool calls refused in iteration 1[\s\S]*apply_patch: could not change sum\.js/);
});

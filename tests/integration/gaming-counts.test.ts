// Gaming counted per maker (executor and model), from what the real loop recorded: an agent that exits 0
// having changed nothing claimed success without a change; one that did the work did not; a crash counts
// as an iteration run, not as a claim.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { countGaming } from "../../server/insights/count-gaming";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
let harness: Harness;
let api: { url: string; token: string };
before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

async function run(name: string, agent: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  await harness.apply(name, {
    intent: "value.txt holds 1",
    workspace: { repo: await harness.gitRepo(name, { "value.txt": "0\n" }), ref: "main" },
    agent,
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "grep -qx 1 value.txt" }] },
    stop: { maxIterations: 5, stallIterations: 2 },
    ...extra,
  });
  return harness.waitForPhase(name, ["Converged", "Stalled", "Exhausted", "Failed"], 90_000);
}

test("per executor and model: claims of success with no change, out of the agent iterations it ran", async () => {
  const [idle, worker, crasher] = await Promise.all([
    run("idle", { executor: "command", command: "echo done", model: "lazy-1" }),
    run("worker", { executor: "command", command: "echo 1 > value.txt", model: "busy-1" }),
    run("crasher", { executor: "command", command: "exit 3", model: "lazy-1" }, { retry: { maxAgentFailures: 0 } }),
  ]);
  assert.deepEqual([idle.phase, worker.phase, crasher.phase], ["Stalled", "Converged", "Failed"]);

  const expected = [
    {
      executor: "command",
      model: "busy-1",
      goals: 1,
      iterations: 1,
      protectViolations: { iterations: 0, rate: 0 },
      hiddenFailed: { iterations: 0, rate: 0 },
      claimedWithoutChange: { iterations: 0, rate: 0 },
    },
    // idle: two iterations that exited 0 and changed nothing (then it stalled); crasher: one failure, no claim.
    {
      executor: "command",
      model: "lazy-1",
      goals: 2,
      iterations: 3,
      protectViolations: { iterations: 0, rate: 0 },
      hiddenFailed: { iterations: 0, rate: 0 },
      claimedWithoutChange: { iterations: 2, rate: 2 / 3 },
    },
  ];
  assert.deepEqual(await countGaming(harness.db), expected);

  const response = await fetch(`${api.url}/api/trpc/executors.list`, { headers: { authorization: `Bearer ${api.token}` } });
  assert.equal(response.status, 200);
  assert.deepEqual((await response.json()).result.data, expected);

  const { stdout } = await exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "get", "executors"], {
    cwd: harness.dir,
    env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token },
  });
  assert.deepEqual(
    stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(/\s{3,}/)),
    [
      ["EXECUTOR", "MODEL", "GOALS", "ITERATIONS", "PROTECTED-PATHS", "HIDDEN-FAILED", "NO-CHANGE-CLAIMS"],
      ["command", "busy-1", "1", "1", "0 (0%)", "0 (0%)", "0 (0%)"],
      ["command", "lazy-1", "2", "3", "0 (0%)", "0 (0%)", "2 (66.7%)"],
    ],
  );
});

// The protect and hidden-check measurement (issue 11, items 1-2) is being built alongside: until its migration
// lands, this database gets the two columns its contract names, and the rows what that measurement will record.
test("protected-path violations and hidden checks failed while visible passed are counted per maker, once recorded", async () => {
  await harness.db.$executeRawUnsafe(`ALTER TABLE "Iteration" ADD COLUMN IF NOT EXISTS "protectViolations" jsonb NOT NULL DEFAULT '[]'`);
  await harness.db.$executeRawUnsafe(`ALTER TABLE "LayerResult" ADD COLUMN IF NOT EXISTS "hiddenFailed" boolean NOT NULL DEFAULT false`);
  const agentIteration = async (goal: string, number: number) => (await harness.iterations(goal)).find((row) => row.number === number)!;
  await harness.db
    .$executeRaw`UPDATE "Iteration" SET "protectViolations" = '[{"path":"test/calc.test.js","change":"modified"},{"path":"package.json","change":"modified"}]' WHERE id = ${(await agentIteration("idle", 1)).id}::uuid`;
  await harness.db.$executeRaw`UPDATE "LayerResult" SET "hiddenFailed" = true WHERE "iterationId" = ${(await agentIteration("worker", 1)).id}::uuid`;

  const counts = Object.fromEntries((await countGaming(harness.db)).map((row) => [row.model, row]));
  assert.deepEqual(counts["lazy-1"].protectViolations, { iterations: 1, rate: 1 / 3 }, "one iteration, however many paths it touched");
  assert.deepEqual(counts["lazy-1"].hiddenFailed, { iterations: 0, rate: 0 });
  assert.deepEqual(counts["busy-1"].hiddenFailed, { iterations: 1, rate: 1 });
  assert.deepEqual(counts["busy-1"].protectViolations, { iterations: 0, rate: 0 });
});

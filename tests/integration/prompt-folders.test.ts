// A runner killed with SIGKILL mid-iteration cannot remove its agent's prompt folder from the system's temporary
// folder; the next runner to start on the machine does, and leaves the folders of runners still alive.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { makePromptFolder } from "../../server/executors/prompt-folders";
import { AGENTS, calculatorSpec, exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const foldersOf = (pid: number) => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`setpoint-prompt-${pid}-`));

test("the prompt folder of a runner killed mid-iteration is removed by the next runner that starts; a live runner's stays", async () => {
  const repo = await harness.sampleRepo("prompt-leak");
  await harness.apply(
    "prompt-leak",
    calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "60" } } }),
  );
  const runner = harness.spawnRunner();
  await harness.waitFor("the agent's prompt folder", async () => foldersOf(runner.pid!).length > 0, 60_000);
  runner.kill("SIGKILL");
  await exited(runner);
  assert.equal(foldersOf(runner.pid!).length, 1, "a killed runner leaves its prompt folder behind");
  const mine = await makePromptFolder(); // this process lives: its folder must stay
  try {
    await harness.startRunner(1);
    assert.deepEqual(foldersOf(runner.pid!), [], "the next runner removed it");
    assert.ok(fs.existsSync(mine), "a live process's prompt folder stays");
  } finally {
    fs.rmSync(mine, { recursive: true, force: true });
  }
});

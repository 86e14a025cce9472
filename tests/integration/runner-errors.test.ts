import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { Runner } from "../../server/runner/runner";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

test("an unexpected runner error is retried after a pause, and the third in a row without progress fails the goal", async () => {
  const repo = await harness.sampleRepo("broken-work-dir");
  // A work folder that is a file: every worktree git tries to make there fails.
  const blocked = path.join(harness.dir, "not-a-folder");
  fs.writeFileSync(blocked, "");
  const runner = new Runner({ db: harness.db, databaseUrl: harness.url, slots: 1, workDir: blocked, pollMs: 100, log: () => {} });
  await runner.start();
  try {
    await harness.apply("broken-work-dir", calculatorSpec(repo));
    const retrying = await harness.waitFor("a retry to be scheduled", async () => {
      const goal = await harness.goal("broken-work-dir");
      return goal.reason === "RunnerError" && goal.phase === "Queued" ? goal : null;
    });
    assert.match(retrying.message, /retrying in 10s/);
    const failed = await harness.waitForPhase("broken-work-dir", ["Failed"], 60_000);
    assert.equal(failed.reason, "RunnerError");
    assert.match(failed.message, /^3 errors in a row/);
    const errors = await harness.db.event.count({ where: { goalId: failed.id, type: "RunnerError" } });
    assert.equal(errors, 3);
    const baseline = (await harness.iterations("broken-work-dir"))[0];
    assert.equal(baseline.interruptions, 3, "the baseline was interrupted by each error and redone under the same number");
    assert.equal(baseline.phase, "Interrupted", "no iteration is left looking as if it ran");
  } finally {
    await runner.drain(1000);
  }
});

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

// The e2e board and delete tests cancel right after applying, while other goals share the repository.
test("a cancel sent just after the claim ends the goal at once, not at the next heartbeat", async () => {
  const repo = await harness.sampleRepo("early");
  harness.spawnRunner({ SETPOINT_RUNNERS: "4" });
  await harness.apply("busy-a", calculatorSpec(repo, { approval: { policy: "every-iteration" } }));
  await harness.apply("busy-b", calculatorSpec(repo, { approval: { policy: "every-iteration" } }));
  await harness.waitForPhase("busy-b", ["Running", "AwaitingApproval"], 20_000);
  for (let round = 0; round < 6; round += 1) {
    const name = `early-${round}`;
    await harness.apply(name, calculatorSpec(repo));
    await new Promise((resolve) => setTimeout(resolve, (round % 6) * 40));
    const cancelledAt = Date.now();
    await controlGoal(harness.db, name, "cancel", "alice");
    await harness.waitForPhase(name, ["Cancelled"], 20_000);
    const took = Date.now() - cancelledAt;
    assert.ok(took < 5000, `round ${round}: cancelled after ${took} ms, not at the next heartbeat (10 s)`);
  }
});

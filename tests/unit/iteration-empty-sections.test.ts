import { test } from "node:test";
import assert from "node:assert/strict";
import { agentOutputEmpty, diffEmpty, isRemeasure, promptEmpty } from "../../components/iteration/empty-sections";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";

test("a re-run's re-measure of the converged commit says it was a re-measure, not that the agent changed no files", () => {
  const remeasure = { number: 7, phase: "Evaluated", fromIteration: null, commit: COMMIT };
  assert.equal(isRemeasure(remeasure), true);
  assert.match(diffEmpty(remeasure), /^A re-measure: no agent ran\. .* measures commit 0123456789ab again/);
  assert.doesNotMatch(diffEmpty(remeasure), /changed no files/);
  assert.equal(agentOutputEmpty(remeasure), "No agent runs on a re-measure.");
  assert.equal(promptEmpty(remeasure), "A re-measure has no prompt: no agent runs.");
});

test("an agent iteration with an empty diff still says the agent changed no files; the baseline says it is the baseline", () => {
  const quiet = { number: 3, phase: "Evaluated", fromIteration: 2, commit: COMMIT };
  assert.equal(isRemeasure(quiet), false);
  assert.equal(diffEmpty(quiet), "The agent changed no files.");
  assert.equal(agentOutputEmpty(quiet), "The agent printed nothing.");
  const baseline = { number: 0, phase: "Evaluated", fromIteration: null, commit: COMMIT };
  assert.equal(isRemeasure(baseline), false);
  assert.match(diffEmpty(baseline), /^Iteration 0 is the baseline/);
});

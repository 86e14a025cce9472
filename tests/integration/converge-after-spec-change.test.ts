// A spec applied between a runner's decision to converge and its write: the goal must not converge (nor be
// certified) on a measurement of the older generation. Played step by step with a real lease and repository.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { decide } from "../../server/loop/decide";
import { claimNextGoal } from "../../server/queue/claim-next-goal";
import { noMask } from "../../server/secrets/mask-secrets";
import { loadGoalState } from "../../server/runner/load-goal-state";
import { recordConvergence } from "../../server/runner/record-convergence";
import { recordEvaluated, recordStarted } from "../../server/runner/record-iteration";
import { runGit } from "../../server/workspace/run-git";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

test("a spec applied after the decision to converge: nothing converges on the older generation, and the commit is measured again", async () => {
  const repo = await harness.gitRepo("repo", { "value.txt": "1\n" });
  const commit = (await runGit(["rev-parse", "HEAD"], { cwd: repo })).stdout.trim();
  const spec = (intent: string) => ({
    intent,
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: "true" },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "grep -q 1 value.txt" }] },
  });
  await harness.apply("raced", spec("value.txt holds 1"));
  const claimed = await claimNextGoal(harness.db, "runner-a");
  assert.ok(claimed);
  const { lease } = claimed;
  const ctx = { db: harness.db, runnerId: "runner-a", workDir: harness.workDir, log: () => {}, agentUsers: null };

  // The baseline meets the target: the runner decides Converged.
  const { id: iterationId } = await recordStarted(
    harness.db,
    lease,
    { number: 0, generation: 1, fromIteration: null, fromCommit: commit, runnerId: "runner-a", prompt: "", agent: null },
    noMask,
  );
  const layer = { name: "check", kind: "run" as const, ok: true, metrics: { "check.ok": 1 }, log: "", exitCode: 0, durationMs: 5, comments: null };
  await recordEvaluated(
    harness.db,
    lease,
    {
      iterationId,
      number: 0,
      commit,
      diff: "",
      changedFiles: 0,
      agent: null,
      evaluation: { metrics: layer.metrics, layers: [layer], policyOk: true },
      verdict: { regression: false, accepted: true, awaitsApproval: false, publish: false, bestIteration: 0, acceptedCommit: commit },
      evalMs: 5,
      costUsd: 0,
      liveWritten: false,
    },
    noMask,
  );
  const state = await loadGoalState(harness.db, lease.goalId);
  assert.deepEqual(decide(state.spec, state.history), { kind: "Converged", iteration: 0 });

  // Someone applies a new spec before the runner writes the convergence.
  await harness.apply("raced", spec("value.txt holds 1, and says so"));
  assert.equal(await recordConvergence(ctx, lease, state, 0, repo, commit), false);
  const goal = await harness.goal("raced");
  assert.notEqual(goal.phase, "Converged");
  assert.equal(await harness.db.certificate.count({ where: { goalId: goal.id } }), 0);

  // Deciding again under generation 2: the commit is measured again first.
  const fresh = await loadGoalState(harness.db, lease.goalId);
  assert.deepEqual(decide(fresh.spec, fresh.history), { kind: "RunBaseline", number: 1, fromCommit: commit });
});

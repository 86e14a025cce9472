// Continuous reconciliation: a converged goal's layers are measured again on its schedule. The accepted
// commit never changes, so drift comes from outside it: here, a shared check script and the requirement it
// reads live in a folder outside the repository (as a dependency or a shared CI script would), and the test
// changes that folder.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { runGit } from "../../server/workspace/run-git";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner();
});
after(async () => {
  await harness.close();
});

type Metrics = Record<string, number>;

// A repository holding value.txt = 0, a shared folder requiring 1, and a spec whose layer runs the shared
// check and whose agent writes what the shared folder requires.
async function scheduledGoal(name: string, schedule = "* * * * *") {
  const shared = path.join(harness.dir, `${name}-shared`);
  fs.mkdirSync(shared, { recursive: true });
  fs.writeFileSync(path.join(shared, "required.txt"), "1\n");
  fs.writeFileSync(path.join(shared, "check.sh"), `test "$(cat value.txt)" = "$(cat '${shared}/required.txt')"\n`);
  const repo = await harness.gitRepo(`${name}-repo`, { "value.txt": "0\n" });
  const spec = (overrides: Record<string, unknown> = {}) => ({
    intent: "value.txt holds what the shared folder requires",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: `cp '${shared}/required.txt' value.txt` },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: `sh '${shared}/check.sh'`, parse: "exit-code" }] },
    triggers: { schedule },
    ...overrides,
  });
  await harness.apply(name, spec());
  const goal = await harness.waitForPhase(name, ["Converged", "Stalled", "Exhausted", "Failed"]);
  assert.equal(goal.phase, "Converged", `${goal.reason}: ${goal.message}`);
  return { shared, repo, spec, goal };
}

async function events(goalId: string, type?: string) {
  return harness.db.event.findMany({ where: { goalId, ...(type ? { type } : {}) }, orderBy: { id: "asc" } });
}

async function makeResyncDue(name: string) {
  await harness.db.goal.update({ where: { name }, data: { nextResyncAt: new Date(Date.now() - 1000) } });
}

test("a converged goal whose targets still hold stays Converged at its resync, with a Resynced event and the next one scheduled", async () => {
  const { goal } = await scheduledGoal("holds");
  assert.ok(goal.nextResyncAt, "converging schedules the first resync");
  const wait = goal.nextResyncAt.getTime() - Date.now();
  assert.ok(wait > 0 && wait <= 60_000, `every minute: the next resync is within a minute (${wait} ms)`);
  assert.equal(goal.lastResyncAt, null);
  const before = await harness.iterations("holds");

  await makeResyncDue("holds");
  const [resynced] = await harness.waitFor("a Resynced event", async () => {
    const found = await events(goal.id, "Resynced");
    return found.length > 0 ? found : null;
  });
  assert.equal(resynced.reason, "TargetsHold");
  assert.equal((resynced.data as { metrics: Metrics }).metrics["check.ok"], 1, "the event carries what was measured");
  assert.equal((resynced.data as { commit: string }).commit, goal.acceptedCommit, "measured on the accepted commit");
  const after = await harness.waitFor("the lease to be released", async () => {
    const row = await harness.goal("holds");
    return row.leaseOwner === null ? row : null;
  });
  assert.equal(after.phase, "Converged");
  assert.equal(after.reason, "TargetsMet");
  assert.ok(after.lastResyncAt, "the last resync is recorded");
  assert.ok(after.nextResyncAt && after.nextResyncAt.getTime() > Date.now(), "and the next one scheduled");
  assert.equal((await harness.iterations("holds")).length, before.length, "a resync that finds no drift adds no iteration");
  assert.equal(fs.readdirSync(path.join(harness.workDir, "worktrees", "holds")).length, 0, "its worktree is removed");
});

test("a drifted goal goes back to Queued with reason Drifted, naming the metric, and converges again from its accepted commit", async () => {
  const { shared, goal } = await scheduledGoal("drifts");
  const accepted = goal.acceptedCommit!;
  const converged = await harness.iterations("drifts");

  // The shared requirement changes outside the repository: the accepted commit no longer passes its check.
  fs.writeFileSync(path.join(shared, "required.txt"), "2\n");
  await makeResyncDue("drifts");
  const drifted = await harness.waitFor("a Drifted event", async () => (await events(goal.id)).find((event) => event.reason === "Drifted"));
  assert.equal(drifted.type, "Queued");
  assert.match(drifted.message, /check\.ok measured 0, target == 1/);
  const again = await harness.waitFor("the goal to converge again", async () => {
    const row = await harness.goal("drifts");
    return row.phase === "Converged" && row.acceptedCommit !== accepted ? row : null;
  });

  const iterations = await harness.iterations("drifts");
  const baseline = iterations[converged.length];
  assert.equal(baseline.fromIteration, null, "the resync's measurement is the new run's baseline");
  assert.equal(baseline.commit, accepted, "measured on the accepted commit");
  assert.equal((baseline.metrics as Metrics)["check.ok"], 0);
  const fix = iterations[converged.length + 1];
  assert.equal(fix.fromCommit, accepted, "the new run continues from the accepted commit");
  assert.equal((fix.metrics as Metrics)["check.ok"], 1);
  assert.equal(again.runFromIteration, baseline.number, "a new run, with fresh budgets");
  assert.equal(again.acceptedCommit, fix.commit);
  assert.equal((await runGit(["show", `${again.acceptedCommit}:value.txt`], { cwd: path.join(harness.dir, "drifts-repo") })).stdout, "2\n");
  assert.ok(again.nextResyncAt, "converged again: resyncs go on");

  const resynced = await events(goal.id, "Resynced");
  assert.deepEqual(
    resynced.map((event) => event.reason),
    ["TargetsBroken"],
  );
  assert.equal((resynced[0].data as { metrics: Metrics }).metrics["check.ok"], 0);
  const evaluated = await events(goal.id, "IterationEvaluated");
  assert.equal(evaluated.length, iterations.length, "every iteration, the re-measurement too, has its one outcome event");
});

test("editing the schedule recomputes the next resync; removing it stops resyncs; a goal that is not Converged is not resynced", async () => {
  const { spec, goal } = await scheduledGoal("edits");
  await harness.apply("edits", spec({ triggers: { schedule: "0 0 1 1 *" } }));
  const yearly = await harness.waitFor("the new schedule's due time", async () => {
    const row = await harness.goal("edits");
    return row.phase === "Converged" && row.generation === 2 ? row : null;
  });
  assert.equal(yearly.nextResyncAt?.toISOString(), `${new Date().getUTCFullYear() + 1}-01-01T00:00:00.000Z`);
  await harness.apply("edits", spec({ triggers: {} }));
  const unscheduled = await harness.waitFor("the schedule's removal", async () => {
    const row = await harness.goal("edits");
    return row.phase === "Converged" && row.generation === 3 ? row : null;
  });
  assert.equal(unscheduled.nextResyncAt, null);

  // Only Converged goals are resynced: a paused or cancelled one, even with a due time left over, is not.
  for (const phase of ["Paused", "Cancelled"]) {
    await harness.db.goal.update({ where: { name: "edits" }, data: { phase, nextResyncAt: new Date(Date.now() - 1000) } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal((await events(goal.id, "Resynced")).length, 0, `a ${phase} goal is not resynced`);
  }
});

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { TERMINAL_PHASES } from "../../server/loop/types";
import { ensureRepository } from "../../server/workspace/ensure-repository";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, calculatorSpec, exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await runGit(args, { cwd })).stdout.trim();
}

async function isAncestor(repo: string, commit: string, of: string): Promise<boolean> {
  return (await runGit(["merge-base", "--is-ancestor", commit, of], { cwd: repo, okCodes: [0, 1] })).code === 0;
}

// A bare repository made from the sample, given as a user would write a remote on the same machine.
async function bareRemote(name: string): Promise<{ bare: string; url: string }> {
  const sample = await harness.sampleRepo(name);
  const bare = path.join(harness.dir, "remotes", `${name}.git`);
  await runGit(["clone", "--quiet", "--bare", sample, bare], { cwd: harness.dir });
  return { bare, url: `file://${bare}` };
}

test("a runner on another machine (its own work folder, sharing only Postgres and a bare remote) takes over a killed runner's goal from the commit it pushed", async () => {
  const { bare, url } = await bareRemote("apart");
  const machineA = path.join(harness.dir, "machine-a");
  const machineB = path.join(harness.dir, "machine-b");
  // Machine B has worked on this repository before, so its clone predates A's pushes (a fresh clone
  // would copy every branch, A's setpoint/* included, and hide the problem).
  await ensureRepository(url, machineB);

  await harness.apply(
    "apart",
    calculatorSpec(url, {
      workspace: { repo: url, ref: "main", push: true },
      agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "1" } },
    }),
  );
  const lease = { SETPOINT_LEASE_SECONDS: "2" };
  const first = harness.spawnRunner({ ...lease, SETPOINT_WORK_DIR: machineA });

  // Mid-goal: an agent iteration runs on top of an accepted agent iteration that is on the remote.
  const running = await harness.waitFor("an iteration to run on a pushed, accepted iteration", async () => {
    const rows = await harness.iterations("apart").catch(() => []);
    const row = rows.find((each) => each.phase === "Running" && each.number >= 2);
    if (!row) return null;
    const built = rows.find((each) => each.number === row.fromIteration);
    const pushed = await git(bare, "rev-parse", "--verify", "--quiet", "refs/heads/setpoint/apart").catch(() => "");
    return built?.accepted && built.number >= 1 && pushed === row.fromCommit ? row : null;
  });
  first.kill("SIGKILL");
  await exited(first);
  const aCommit = running.fromCommit!;

  const second = harness.spawnRunner({ ...lease, SETPOINT_WORK_DIR: machineB });
  const goal = await harness.waitForPhase("apart", TERMINAL_PHASES, 90_000);
  second.kill("SIGTERM");
  await exited(second);
  assert.equal(goal.phase, "Converged", goal.message);

  const iterations = await harness.iterations("apart");
  assert.deepEqual(
    iterations.map((row) => row.number),
    iterations.map((_, index) => index),
    "each number once, none skipped",
  );
  const evaluated = await harness.db.event.count({ where: { goalId: goal.id, type: "IterationEvaluated" } });
  assert.equal(evaluated, iterations.length, "every iteration evaluated exactly once");

  const byB = iterations.filter((row) => row.runnerId !== running.runnerId);
  assert.ok(byB.length >= 1, "runner B did iterations");
  assert.equal(byB[0].number, running.number, "B redid the iteration A was killed in");
  assert.equal(byB[0].fromCommit, aCommit, "B built on the commit A had pushed");
  for (const row of byB) assert.ok(await isAncestor(bare, aCommit, row.fromCommit!), `iteration ${row.number} descends from A's commit`);

  const remoteBranch = await git(bare, "rev-parse", "refs/heads/setpoint/apart");
  assert.equal(remoteBranch, goal.acceptedCommit, "the remote's branch is the goal's accepted commit");
  for (const row of iterations.filter((each) => each.runnerId === running.runnerId && each.accepted)) {
    assert.ok(await isAncestor(bare, row.commit!, remoteBranch), `A's iteration ${row.number} is in the remote's branch`);
  }
});

test("with workspace.push the remote holds an accepted iteration even when the goal stops right after it", async () => {
  const { bare, url } = await bareRemote("pushed-at-once");
  await harness.apply("pushed-at-once", calculatorSpec(url, { workspace: { repo: url, ref: "main", push: true }, stop: { maxIterations: 1 } }));
  const runner = await harness.startRunner();
  const goal = await harness.waitForPhase("pushed-at-once", TERMINAL_PHASES);
  await runner.drain(1000);
  assert.equal(goal.phase, "Exhausted", goal.message);
  const one = (await harness.iterations("pushed-at-once")).find((row) => row.number === 1)!;
  assert.ok(one.accepted && one.commit !== one.fromCommit, "iteration 1 changed something and was kept");
  assert.equal(goal.acceptedCommit, one.commit);
  assert.equal(await git(bare, "rev-parse", "refs/heads/setpoint/pushed-at-once"), one.commit);
});

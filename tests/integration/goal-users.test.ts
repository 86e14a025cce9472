// Run as root, a runner runs each goal's commands as a user of the goal's own. Two goals at once: A
// without a sandbox, whose agent goes after B's (under bwrap) while it runs: it cannot see B's agent in its
// /proc (its own PID namespace), nor write into or list B's worktree or home; B converges with only its own
// change, and both converge as usual.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { agentHomePath } from "../../server/runner/agent-home";
import { lookUpUser } from "../../server/runner/agent-user";
import { goalUserName } from "../../server/runner/goal-user";
import { AGENTS, startHarness, type Harness } from "../helpers/loop-harness";

const root = process.getuid?.() === 0;
let harness: Harness;
// Outside /tmp: B's sandbox has a private /tmp, and B's agent must see the attacker say it is done.
const meeting = fs.mkdtempSync(path.join("/var/tmp", "setpoint-meeting-"));
fs.chmodSync(meeting, 0o1777);

before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
  fs.rmSync(meeting, { recursive: true, force: true });
});

function spec(repo: string, agent: Record<string, unknown>, file: string, sandbox: Record<string, unknown>) {
  return {
    intent: `Leave ${file} behind.`,
    workspace: { repo, ref: "main" },
    agent: { executor: "command", timeoutSeconds: 90, ...agent },
    metrics: [{ metric: "work.exit_code", target: "== 0" }],
    // Nothing but the goal's own change in its worktree, whoever else tried.
    evaluation: { layers: [{ name: "work", run: `test -f ${file} && test -z "$(ls | grep -i evil)"`, parse: "exit-code" }] },
    stop: { maxIterations: 2, stallIterations: 2 },
    ...sandbox,
  };
}

test("one goal's unsandboxed agent cannot read another goal's process environment or write into its worktree or home; both converge with their own change", {
  skip: !root && "needs root: only a root runner switches users",
}, async (t) => {
  const problem = await sandboxProblem({ sandbox: "bwrap" }, "this machine", await lookUpUser("nobody"));
  if (problem) return t.skip(problem);
  const repoA = await harness.gitRepo("repo-a", { "README.md": "a\n" });
  const repoB = await harness.gitRepo("repo-b", { "README.md": "b\n" });
  await harness.apply("victim", spec(repoB, { command: path.join(AGENTS, "victim-waits.sh"), env: { MEETING: meeting } }, "b.txt", { sandbox: "bwrap" }));
  const victim = await harness.goal("victim");
  await harness.apply(
    "attacker",
    spec(
      repoA,
      {
        command: path.join(AGENTS, "attacks-other-goal.sh"),
        env: { MEETING: meeting, VICTIM_WORKTREES: path.join(harness.workDir, "worktrees", "victim"), VICTIM_HOME: agentHomePath(harness.workDir, victim.id) },
      },
      "a.txt",
      { sandbox: "none" },
    ),
  );
  await harness.startRunner(2);

  const [a, b] = await Promise.all([
    harness.waitForPhase("attacker", ["Converged", "Failed", "Stalled", "Exhausted"], 120_000),
    harness.waitForPhase("victim", ["Converged", "Failed", "Stalled", "Exhausted"], 120_000),
  ]);
  const [attack] = (await harness.iterations("attacker")).filter((each) => each.number === 1);
  const [work] = (await harness.iterations("victim")).filter((each) => each.number === 1);
  assert.equal(a.phase, "Converged", `${a.message}: ${attack?.agentOutput}`);
  assert.equal(b.phase, "Converged", `${b.message}: ${work?.agentOutput}`);

  const said = attack.agentOutput.split("\n");
  assert.ok(said.includes("the victim's iteration was running"), `the attack happened during B's iteration: ${attack.agentOutput}`);
  // A command's own PID namespace and /proc hide other goals' processes; the users keep what is left out of reach.
  assert.ok(said.includes("the victim's agent is not in this /proc"), attack.agentOutput);
  for (const line of ["refused a victim worktree", "refused listing a victim worktree", "refused the victim's home", "refused listing the victim's home"]) {
    assert.ok(said.includes(line), `${line}: ${attack.agentOutput}`);
  }
  assert.ok(!said.some((line) => /^(read|wrote|listed) /.test(line)), attack.agentOutput);
  assert.match(work.agentOutput, /the attacker was done/, "B's agent ran until the attack was over");

  // B's accepted commit holds its own change alone.
  assert.equal(b.acceptedCommit, work.commit);
  assert.deepEqual(work.diff.match(/^\+\+\+ b\/(.*)$/gm), ["+++ b/b.txt"]);

  // Each ran as a user of its own, neither root nor the other's.
  const userA = (await lookUpUser(goalUserName(a.id)))!;
  const userB = (await lookUpUser(goalUserName(b.id)))!;
  assert.ok(userA && userB, "both goals' users were made");
  assert.notEqual(userA.uid, userB.uid);
  assert.notEqual(userA.gid, userB.gid);
  assert.notEqual(userA.uid, 0);
  assert.equal(fs.statSync(agentHomePath(harness.workDir, a.id)).uid, userA.uid);
  assert.equal(fs.statSync(agentHomePath(harness.workDir, b.id)).uid, userB.uid);
});

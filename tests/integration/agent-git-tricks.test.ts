// An agent that plants git configuration in its worktree must never get the runner's own git (which runs
// outside any sandbox, as the runner's user) to execute it: through the real loop, with sandbox: bwrap and
// without, each trick's payload would write a marker outside the worktree, and none may appear.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { cloneDirName } from "../../server/workspace/ensure-repository";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, startHarness, type Harness } from "../helpers/loop-harness";

const noBwrap = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
if (noBwrap) console.log(`# skipping the sandboxed half: ${noBwrap}`);

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const TRICKS = ["fsmonitor", "filter", "gitfile", "include", "diff", "remote", "nested"] as const;
type Trick = (typeof TRICKS)[number];

let harness: Harness;
let markers: string;
before(async () => {
  harness = await startHarness();
  markers = path.join(harness.dir, "markers");
  fs.mkdirSync(markers);
});
after(() => harness.close());

// A bare remote the runner clones (workspace.repo as a URL) and pushes accepted commits to.
async function bareRemote(name: string): Promise<string> {
  const bare = path.join(harness.dir, "remotes", `${name}.git`);
  await runGit(["clone", "--quiet", "--bare", await harness.sampleRepo(`${name}-src`), bare], { cwd: harness.dir });
  return bare;
}

async function runTricks(sandbox: "none" | "bwrap"): Promise<void> {
  const goals = new Map<Trick, { name: string; repo: string; remote?: string }>();
  for (const trick of TRICKS) {
    const name = `${trick}-${sandbox}`;
    const remote = trick === "remote" ? await bareRemote(name) : undefined;
    const repo = remote ?? (await harness.sampleRepo(name));
    goals.set(trick, { name, repo, remote });
    await harness.apply(name, {
      intent: "Write hello.txt.",
      workspace: remote ? { repo: `file://${remote}`, ref: "main", push: true } : { repo, ref: "main" },
      agent: { executor: "command", command: `${path.join(AGENTS, "git-tricks.sh")} ${trick} ${path.join(markers, name)}` },
      metrics: [{ metric: "check.exit_code", target: "== 0" }],
      evaluation: { layers: [{ name: "check", run: "test -f hello.txt" }] },
      stop: { maxIterations: 1 },
      retry: { maxAgentFailures: 0, backoffSeconds: 0 },
      sandbox,
      ...(sandbox === "bwrap" ? { network: false } : {}),
    });
  }
  const runner = await harness.startRunner(4);
  const wrong: string[] = []; // every trick is checked, so one run shows all that got through
  const expect = (ok: boolean, what: string) => ok || wrong.push(what);
  try {
    for (const [trick, { name, repo, remote }] of goals) {
      const goal = await harness.waitForPhase(name, ENDED, 120_000);
      const one = (await harness.iterations(name)).find((row) => row.number === 1);
      const what = `${trick} (sandbox: ${sandbox})`;
      expect(
        !fs.existsSync(path.join(markers, name)),
        `${what}: ran ${fs.existsSync(path.join(markers, name)) ? fs.readFileSync(path.join(markers, name), "utf8").trim() : ""}`,
      );
      if (trick === "nested") {
        // A repository inside the worktree is refused, naming it, rather than committed as a link to nowhere.
        expect(
          one?.phase === "AgentFailed" && /git repositor(y|ies) inside the worktree \(sub\)/.test(one.agentError ?? ""),
          `${what}: not refused (${one?.phase}: ${one?.agentError ?? goal.message})`,
        );
        continue;
      }
      if (!expect(goal.phase === "Converged" && !!one?.commit, `${what}: ${goal.phase} ${goal.message}`) || !one?.commit) continue;
      // What is recorded is the agent's ordinary change, untouched by any filter it named.
      const cwd = remote ? path.join(harness.workDir, "repos", cloneDirName(`file://${remote}`)) : repo; // the runner's clone
      const hello = await runGit(["show", `${one.commit}:hello.txt`], { cwd }).then(
        (result) => result.stdout,
        () => "missing",
      );
      expect(hello === "hello\n", `${what}: hello.txt recorded as ${JSON.stringify(hello)}`);
      const tree = (await runGit(["ls-tree", "-r", "-z", one.commit], { cwd })).stdout.split("\0").filter(Boolean);
      expect(!tree.some((entry) => entry.startsWith("160000 ")), `${what}: a gitlink was committed`);
      expect(/^\+\+\+ b\/hello\.txt$/m.test(one.diff), `${what}: the recorded diff lacks hello.txt`);
      if (remote) {
        const pushed = await runGit(["rev-parse", `refs/heads/setpoint/${name}`], { cwd: remote }).then(
          (result) => result.stdout.trim(),
          () => "nothing",
        );
        expect(pushed === one.commit, `${what}: the remote's branch holds ${pushed}, not the recorded ${one.commit}`);
      }
    }
  } finally {
    await runner.drain(1000);
  }
  assert.deepEqual(wrong, []);
}

test("no trick an agent plays with git in its worktree runs anything as the runner, without a sandbox", async () => {
  await runTricks("none");
});

test("no trick an agent plays with git in its worktree runs anything as the runner, under sandbox: bwrap", { skip: noBwrap ?? false }, async () => {
  await runTricks("bwrap");
});

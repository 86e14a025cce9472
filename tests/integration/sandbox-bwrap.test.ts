import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { runAgent } from "../../server/executors/run-agent";
import type { Sandbox } from "../../server/process/bwrap-args";
import { sandboxFor, sandboxProblem } from "../../server/process/require-sandbox";
import { runProcess } from "../../server/process/run-process";
import { agentSchema } from "../../server/spec/goal-spec";
import { createWorktree } from "../../server/workspace/create-worktree";
import { worktreeChanges } from "../../server/workspace/worktree-changes";
import { exited, startHarness, type Harness } from "../helpers/loop-harness";

const cannotRun = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
if (cannotRun) console.log(`# skipping the bwrap tests: ${cannotRun}`);
const skip = cannotRun ?? false;

let harness: Harness;
let server: http.Server;
let port = 0;
before(async () => {
  harness = await startHarness();
  server = http.createServer((_req, res) => res.end("reached"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await harness.close();
});

function worktree(): { dir: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-sandbox-"));
  fs.mkdirSync(path.join(base, "wt"));
  fs.mkdirSync(path.join(base, "outside"));
  return { dir: path.join(base, "wt"), outside: path.join(base, "outside") };
}

const run = (command: string, cwd: string, sandbox: Sandbox, timeoutMs = 30_000) => runProcess({ command, cwd, env: process.env, timeoutMs, sandbox });

// A zombie is dead too: in a container, PID 1 may never reap the orphans it adopts.
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

test("under bwrap a command writes its worktree, and nothing outside it: not beside it, not /etc, not the host's /tmp", { skip }, async () => {
  const { dir, outside } = worktree();
  const hostTmpFile = path.join("/tmp", `setpoint-host-${process.pid}`);
  fs.writeFileSync(hostTmpFile, "host");
  try {
    const result = await run(
      [
        "echo inside > made-here.txt && echo wrote-worktree",
        `echo x > ${outside}/escaped.txt 2>/dev/null || echo refused-beside`,
        "echo x > /etc/setpoint-escaped 2>/dev/null || echo refused-etc",
        `test -e ${hostTmpFile} || echo private-tmp`,
        "echo scratch > /tmp/sandbox-scratch && echo tmp-writable",
        'test "$TMPDIR" = /tmp && echo tmpdir-set',
      ].join("; "),
      dir,
      { network: true, writable: [dir] },
    );
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(result.stdout.trim().split("\n"), ["wrote-worktree", "refused-beside", "refused-etc", "private-tmp", "tmp-writable", "tmpdir-set"]);
    assert.equal(fs.readFileSync(path.join(dir, "made-here.txt"), "utf8"), "inside\n");
    assert.equal(fs.existsSync(path.join(outside, "escaped.txt")), false);
    assert.equal(fs.existsSync("/etc/setpoint-escaped"), false);
    assert.equal(fs.existsSync("/tmp/sandbox-scratch"), false, "what it wrote to /tmp stayed in its own");
  } finally {
    fs.rmSync(hostTmpFile, { force: true });
  }
});

test("with network: false a command cannot reach even the host's loopback; with network: true it can", { skip }, async () => {
  const { dir } = worktree();
  const probe = `node -e "fetch('http://127.0.0.1:${port}/').then(async (r) => console.log(await r.text()), (e) => { console.log('no network: ' + (e.cause?.code ?? e.message)); })"`;
  const cut = await run(probe, dir, { network: false, writable: [dir] });
  assert.match(cut.stdout, /^no network: ECONNREFUSED/, cut.output);
  const open = await run(probe, dir, { network: true, writable: [dir] });
  assert.equal(open.stdout.trim(), "reached", open.output);
});

test("a sandboxed command that times out is killed with everything it started, grandchildren too, even one that left its process group", { skip }, async () => {
  const { dir } = worktree();
  // Its pid inside the sandbox's PID namespace is not the host's: the host finds it by its (unique) command line.
  const seconds = String(100_000 + process.pid);
  const sleeps = () =>
    fs
      .readdirSync("/proc")
      .filter((entry) => /^\d+$/.test(entry) && isRunning(Number(entry)))
      .filter((entry) => {
        try {
          return fs.readFileSync(`/proc/${entry}/cmdline`, "utf8") === `sleep\u0000${seconds}\u0000`;
        } catch {
          return false;
        }
      });
  // setsid: a new session and process group, which a group kill does not reach; the PID namespace does.
  const running = run(`sh -c 'sleep ${seconds} & wait' & setsid sleep ${seconds} & wait`, dir, { network: false, writable: [dir] }, 2000);
  await harness.waitFor("both grandchildren to start", async () => sleeps().length === 2, 5000);
  const result = await running;
  assert.equal(result.timedOut, true);
  assert.deepEqual(sleeps(), [], "the grandchild is gone");
});

test("a sandboxed agent reads its prompt from SETPOINT_PROMPT_FILE and writes only its worktree", { skip }, async () => {
  const { dir, outside } = worktree();
  const inHome = path.join(os.homedir(), `.setpoint-sandbox-leak-${process.pid}`);
  const agent = agentSchema.parse({
    executor: "command",
    command: `cat "$SETPOINT_PROMPT_FILE" > prompt-copy.txt; echo leaked > ${outside}/leak.txt; echo leaked > ${inHome}; exit 0`,
  });
  const result = await runAgent(agent, {
    cwd: dir,
    prompt: "do the thing",
    goal: "g",
    iteration: 1,
    env: process.env,
    sandbox: { network: false, writable: [dir] },
  });
  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(fs.readFileSync(path.join(dir, "prompt-copy.txt"), "utf8"), "do the thing");
  assert.equal(fs.existsSync(path.join(outside, "leak.txt")), false);
  assert.equal(fs.existsSync(inHome), false);
  // The folder beside it is under the host's /tmp, which the sandbox does not show; the home folder is read-only.
  assert.match(result.output, /Directory nonexistent/);
  assert.match(result.output, /Read-only file system/);
});

test("under bwrap the worktree's .git cannot be deleted, replaced or edited; the rest of the worktree stays writable", { skip }, async () => {
  const repo = await harness.sampleRepo("readonly-git");
  const worktree = await createWorktree(repo, path.join(harness.dir, "wt-readonly-git"), "main");
  const gitFile = path.join(worktree.dir, ".git");
  const before = fs.readFileSync(gitFile, "utf8");
  const result = await run(
    [
      "rm -f .git 2>/dev/null || echo kept-rm",
      "mv .git moved 2>/dev/null || echo kept-mv",
      "echo 'gitdir: /elsewhere' > .git 2>/dev/null || echo kept-write",
      "git init -q . 2>/dev/null || echo kept-init",
      "echo hello > hello.txt && echo wrote",
    ].join("; "),
    worktree.dir,
    sandboxFor({ sandbox: "bwrap", network: false }, worktree.dir)!,
  );
  assert.deepEqual(result.stdout.trim().split("\n"), ["kept-rm", "kept-mv", "kept-write", "kept-init", "wrote"], result.output);
  assert.equal(fs.readFileSync(gitFile, "utf8"), before);
  assert.deepEqual((await worktreeChanges(worktree, "HEAD")).uncommitted, ["hello.txt"]);
});

test("a goal with sandbox: bwrap and network: false converges on what its agent wrote in the worktree, and nothing it wrote elsewhere exists", {
  skip,
}, async () => {
  const repo = await harness.sampleRepo("sandboxed");
  const marker = path.join(harness.dir, "escaped-from-sandbox");
  await harness.apply("sandboxed", {
    intent: "Write hello.txt.",
    workspace: { repo, ref: "main", setup: `echo setup > ${marker}-setup 2>/dev/null; true` },
    agent: { executor: "command", command: `echo escaped > ${marker} 2>/dev/null; echo hello > hello.txt` },
    metrics: [{ metric: "check.exit_code", target: "== 0" }],
    evaluation: { layers: [{ name: "check", run: `test -f hello.txt && echo escaped > ${marker}-layer 2>/dev/null; test -f hello.txt` }] },
    stop: { maxIterations: 3 },
    sandbox: "bwrap",
    network: false,
  });
  const runner = await harness.startRunner();
  try {
    const goal = await harness.waitForPhase("sandboxed", ["Converged", "Failed", "Stalled", "Exhausted"]);
    assert.equal(goal.phase, "Converged", goal.message);
    for (const suffix of ["", "-setup", "-layer"]) assert.equal(fs.existsSync(`${marker}${suffix}`), false, `nothing escaped${suffix}`);
  } finally {
    await runner.drain(1000);
  }
});

test("a runner without bwrap fails a goal that asks for it, saying what to install, and runs none of its commands", { skip }, async () => {
  const repo = await harness.sampleRepo("no-bwrap");
  const marker = path.join(harness.dir, "ran-unsandboxed");
  // A PATH with git and nothing else: bwrap is not there.
  const bin = path.join(harness.dir, "bin-without-bwrap");
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(fs.realpathSync("/usr/bin/git"), path.join(bin, "git"));
  await harness.apply("no-bwrap", {
    intent: "Write hello.txt.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: `touch ${marker}` },
    metrics: [{ metric: "check.exit_code", target: "== 0" }],
    evaluation: { layers: [{ name: "check", run: `touch ${marker}` }] },
    sandbox: "bwrap",
  });
  const child = harness.spawnRunner({ PATH: bin });
  try {
    const goal = await harness.waitForPhase("no-bwrap", ["Failed", "Converged", "Stalled", "Exhausted"]);
    assert.equal(goal.phase, "Failed");
    assert.equal(goal.reason, "SandboxUnavailable");
    assert.match(goal.message, /^sandbox: bwrap was asked for but bwrap is not installed on runner \S+: apt-get install bubblewrap$/);
    assert.equal(fs.existsSync(marker), false, "no command ran without the sandbox");
  } finally {
    child.kill("SIGTERM");
    await exited(child);
  }
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { pidsWithArgument, uniqueSleep } from "../helpers/host-processes";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const CUT = "[… 2 MiB cut; the last 1 MiB follows …]";
// 3 MiB of numbered 16-byte lines; the last one is "line 0000196607".
const PRINTS_3_MIB = "seq -f 'line %010.0f' 0 196607";

function spec(repo: string, fields: { agent?: Record<string, unknown>; layer?: Record<string, unknown> }): Record<string, unknown> {
  return {
    intent: "Write hello.txt.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: "echo hello > hello.txt", timeoutSeconds: 60, ...fields.agent },
    metrics: [{ metric: "check.exit_code", target: "== 0" }],
    evaluation: { layers: [{ name: "check", run: "test -f hello.txt", timeoutSeconds: 60, ...fields.layer }] },
    stop: { maxIterations: 1 },
    retry: { maxAgentFailures: 0, backoffSeconds: 0 },
  };
}

// How many sleeps a command started (one line each; the pids it sees are its PID namespace's, not the host's).
function pidsIn(file: string): number[] {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map(Number) : [];
}

test("a layer past its timeoutSeconds is killed with the background process it started, and its result says it timed out", async () => {
  const repo = await harness.sampleRepo("layer-timeout");
  const pids = path.join(harness.writableDir("pids"), "layer-grandchildren.pid");
  const sleep = uniqueSleep(1000);
  await harness.apply("layer-timeout", spec(repo, { layer: { run: `sleep ${sleep} & echo $! >> ${pids}; wait`, timeoutSeconds: 1 } }));
  const goal = await harness.waitForPhase("layer-timeout", ENDED);
  const iterations = await harness.iterations("layer-timeout");
  assert.ok(iterations.length >= 1, goal.message);
  const layers = await harness.db.layerResult.findMany({ where: { iterationId: { in: iterations.map((row) => row.id) } } });
  assert.ok(layers.length >= 1);
  for (const layer of layers) {
    assert.equal(layer.ok, false);
    assert.equal(layer.exitCode, null);
    assert.equal((layer.metrics as Record<string, number>)["check.exit_code"], -1);
    assert.match(layer.log, /\[setpoint\] timed out after 1s: the command and everything it started were killed/);
  }
  const started = pidsIn(pids);
  assert.equal(started.length, layers.length, "each run of the layer started one sleep");
  assert.deepEqual(pidsWithArgument(sleep), [], "no background sleep outlived its layer");
});

test("an agent past its timeoutSeconds is killed with the background process it started, and the iteration says it timed out", async () => {
  const repo = await harness.sampleRepo("agent-timeout");
  const pids = path.join(harness.writableDir("pids"), "agent-grandchildren.pid");
  const sleep = uniqueSleep(1000);
  await harness.apply("agent-timeout", spec(repo, { agent: { command: `sleep ${sleep} & echo $! >> ${pids}; wait`, timeoutSeconds: 1 } }));
  const goal = await harness.waitForPhase("agent-timeout", ENDED);
  assert.ok(goal.phase === "Failed" || goal.phase === "Exhausted", goal.message);
  const one = (await harness.iterations("agent-timeout")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "AgentFailed");
  assert.equal(one.agentError, "agent command timed out after 1s");
  const timeout = await harness.db.event.findFirstOrThrow({ where: { goalId: goal.id, type: "AgentFailed" } });
  assert.equal(timeout.reason, "Timeout");
  const started = pidsIn(pids);
  assert.equal(started.length, 1);
  assert.deepEqual(pidsWithArgument(sleep), [], "the agent's background sleep is gone");
});

test("an agent whose background child keeps its output open is done when its shell exits: a prompt success with its output, and the child is killed", async () => {
  const repo = await harness.sampleRepo("leftover");
  const pids = path.join(harness.writableDir("pids"), "leftover-children.pid");
  const sleep = uniqueSleep(400);
  // The subshell exits at once; the sleep it started, now nobody's child, holds the agent's stdout open.
  await harness.apply(
    "leftover",
    spec(repo, { agent: { command: `(sleep ${sleep} & echo $! >> ${pids}); echo hello > hello.txt; echo agent finished`, timeoutSeconds: 30 } }),
  );
  const goal = await harness.waitForPhase("leftover", ENDED);
  const one = (await harness.iterations("leftover")).find((row) => row.number === 1)!;
  assert.equal(one.agentError, null, "not a timeout");
  assert.equal(one.agentExitCode, 0);
  assert.equal(one.agentOutput, "agent finished\n");
  assert.ok(one.agentMs < 10_000, `the agent took ${one.agentMs} ms, not its 30 s timeout`);
  assert.equal(goal.phase, "Converged", goal.message);
  const started = pidsIn(pids);
  assert.equal(started.length, 1);
  assert.deepEqual(pidsWithArgument(sleep), [], "the background sleep is gone");
});

test("3 MiB of output keeps its last 1 MiB, saying so, in the agent's output, the layer's log and the live tail alike", async () => {
  const repo = await harness.sampleRepo("loud");
  // The agent prints, then waits long enough for the live tail to be read while it runs.
  await harness.apply(
    "loud",
    spec(repo, {
      agent: { command: `${PRINTS_3_MIB}; echo hello > hello.txt; sleep 3` },
      layer: { run: `${PRINTS_3_MIB}; test -f hello.txt` },
    }),
  );
  const live = await harness.waitFor("the agent's live tail", async () => {
    const row = await harness.db.liveOutput.findFirst({ where: { stream: "agent", text: { contains: "line 0000196607" } } });
    return row ?? null;
  });
  const goal = await harness.waitForPhase("loud", ENDED);
  assert.equal(goal.phase, "Converged", goal.message);
  const one = (await harness.iterations("loud")).find((row) => row.number === 1)!;
  const layer = await harness.db.layerResult.findFirstOrThrow({ where: { iterationId: one.id, name: "check" } });
  for (const [what, text] of [
    ["live tail", live.text],
    ["agent output", one.agentOutput],
    ["layer log", layer.log],
  ] as const) {
    const [first, ...rest] = text.split("\n");
    assert.equal(first, CUT, `${what} starts by saying what was cut`);
    const kept = rest.join("\n");
    assert.ok(Buffer.byteLength(kept) <= 1024 * 1024 + 200, `${what} keeps 1 MiB: ${Buffer.byteLength(kept)}`);
    assert.match(kept, /line 0000196607\n/, `${what} keeps the tail`);
    assert.doesNotMatch(kept, /line 0000000000\n/, `${what} drops the head`);
  }
  assert.match(layer.log, /\n\[setpoint\] exited with code 0 after/, "Setpoint's conclusion follows the cut output");
});

test("an agent that prints a NUL byte is recorded (without it), not failed for it", async () => {
  const repo = await harness.sampleRepo("nul");
  await harness.apply("nul", spec(repo, { agent: { command: "printf 'before\\000after\\n'; echo hello > hello.txt" } }));
  const goal = await harness.waitForPhase("nul", ENDED);
  assert.equal(goal.phase, "Converged", goal.message);
  const one = (await harness.iterations("nul")).find((row) => row.number === 1)!;
  assert.equal(one.agentOutput, "beforeafter\n");
});

test("an agent that links out of its worktree with '../..' has its change refused, saying which link", async () => {
  const repo = await harness.sampleRepo("links-up");
  await harness.apply("links-up", spec(repo, { agent: { command: "echo hello > hello.txt; mkdir -p deep; ln -s ../.. deep/up" } }));
  const goal = await harness.waitForPhase("links-up", ENDED);
  assert.ok(goal.phase === "Failed" || goal.phase === "Exhausted", goal.message);
  const one = (await harness.iterations("links-up")).find((row) => row.number === 1)!;
  assert.equal(one.phase, "AgentFailed");
  assert.equal(one.agentError, "the agent left symlinks pointing outside the worktree (deep/up); the change is refused");
});

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { controlGoal } from "../../server/goals/control-goal";
import { toIterationObject } from "../../server/goals/goal-object";
import { LiveOutputWriter, writeLiveOutput } from "../../server/runner/live-output";
import { AGENTS, calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };
before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
type Live = { phase: string; streams: { stream: string; text: string; updatedAt: string }[] };

async function live(name: string, number: number): Promise<{ status: number; body: { result?: { data: Live }; error?: { message: string } } }> {
  const input = encodeURIComponent(JSON.stringify({ name, number }));
  const response = await fetch(`${api.url}/api/trpc/iterations.live?input=${input}`, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: response.status, body: await response.json() };
}

async function liveData(name: string, number: number): Promise<Live> {
  const answer = await live(name, number);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.result!.data;
}

// A goal whose agent and layer each print a line every half second for about 3 s; one agent iteration.
function slowSpec(repo: string, agent = "prints-slowly.sh") {
  return calculatorSpec(repo, {
    agent: { executor: "command", command: path.join(AGENTS, agent), timeoutSeconds: 60 },
    metrics: [{ metric: "slow.exit_code", target: "== 1" }],
    evaluation: {
      layers: [
        { name: "slow", run: `for i in 1 2 3 4 5 6; do echo "layer line $i"; sleep 0.5; done`, parse: "exit-code" },
        { name: "guard", policy: { forbidPaths: ["test/**"] } },
      ],
    },
    stop: { maxIterations: 1, stallIterations: 3 },
  });
}

const lines = (text: string, prefix: string) => text.split("\n").filter((line) => line.startsWith(prefix)).length;

test("a write under a stale lease epoch changes nothing; the holder's write lands", async () => {
  const repo = await harness.sampleRepo("fenced");
  await harness.apply("fenced", slowSpec(repo));
  // Held by another runner (no runner runs yet in this file), with an iteration in flight.
  const goal = await harness.db.goal.update({
    where: { name: "fenced" },
    data: { phase: "Running", leaseOwner: "runner-a", leaseEpoch: 7, leaseExpiresAt: new Date(Date.now() + 3_600_000) },
  });
  const iteration = await harness.db.iteration.create({ data: { goalId: goal.id, number: 0, generation: 1, phase: "Running", leaseEpoch: 7 } });
  const holder = { goalId: goal.id, goalName: goal.name, owner: "runner-a", epoch: 7 };

  assert.equal(await writeLiveOutput(harness.db, holder, iteration.id, "slow", "from the holder\n"), true);
  assert.equal(await writeLiveOutput(harness.db, { ...holder, epoch: 6 }, iteration.id, "slow", "from a fenced-out runner\n"), false);
  assert.equal(await writeLiveOutput(harness.db, { ...holder, epoch: 6 }, iteration.id, "agent", "from a fenced-out runner\n"), false);
  assert.equal(await writeLiveOutput(harness.db, { ...holder, owner: "runner-b" }, iteration.id, "slow", "from another owner\n"), false);

  const rows = await harness.db.liveOutput.findMany({ where: { iterationId: iteration.id } });
  assert.deepEqual(
    rows.map((row) => [row.stream, row.text]),
    [["slow", "from the holder\n"]],
  );

  // The read orders the agent first, then layers as the spec lists them.
  await writeLiveOutput(harness.db, holder, iteration.id, "guard", "");
  await writeLiveOutput(harness.db, holder, iteration.id, "agent", "thinking\n");
  const view = await liveData("fenced", 0);
  assert.equal(view.phase, "Running");
  assert.deepEqual(
    view.streams.map((stream) => stream.stream),
    ["agent", "slow", "guard"],
  );
  assert.equal(view.streams[0].text, "thinking\n");
  assert.ok(!Number.isNaN(Date.parse(view.streams[0].updatedAt)));

  // Once the iteration is no longer running, a late write changes nothing either.
  await harness.db.iteration.update({ where: { id: iteration.id }, data: { phase: "Evaluated" } });
  await harness.db.liveOutput.deleteMany({ where: { iterationId: iteration.id } });
  assert.equal(await writeLiveOutput(harness.db, holder, iteration.id, "slow", "too late\n"), false);
  assert.equal(await harness.db.liveOutput.count({ where: { iterationId: iteration.id } }), 0);
  await harness.db.goal.update({ where: { id: goal.id }, data: { phase: "Cancelled", leaseOwner: null, leaseExpiresAt: null } });
});

test("an unknown goal or iteration is a 404 with words, never a 500", async () => {
  const noGoal = await live("no-such-goal", 1);
  assert.equal(noGoal.status, 404);
  assert.match(noGoal.body.error!.message, /goal 'no-such-goal' not found/);
  const noIteration = await live("fenced", 42);
  assert.equal(noIteration.status, 404);
  assert.match(noIteration.body.error!.message, /no iteration 42/);
  const negative = await live("fenced", -1);
  assert.equal(negative.status, 400);
});

test("while an iteration runs the agent's and each layer's tail grows; once recorded only the full logs remain", async () => {
  const repo = await harness.sampleRepo("watched");
  await harness.apply("watched", slowSpec(repo));
  await harness.startRunner();

  // Poll as the iteration page does, keeping what was seen while iteration 1 was still running.
  const seen: Live[] = [];
  await harness.waitFor(
    "iteration 1 to be recorded",
    async () => {
      const answer = await live("watched", 1);
      if (answer.status === 404) return false; // not started yet
      const view = answer.body.result!.data;
      if (view.phase === "Running") seen.push(view);
      return view.phase !== "Running";
    },
    60_000,
  );

  const agentTails = seen.map((view) => view.streams.find((stream) => stream.stream === "agent")?.text ?? "");
  const layerTails = seen.map((view) => view.streams.find((stream) => stream.stream === "slow")?.text ?? "");
  const agentCounts = [...new Set(agentTails.map((text) => lines(text, "agent line")))];
  const layerCounts = [...new Set(layerTails.map((text) => lines(text, "layer line")))];
  // Throttled to about one write a second over ~3 s: several partial tails, each longer than the last.
  assert.ok(agentCounts.filter((count) => count > 0 && count < 6).length >= 1, `a partial agent tail was seen: ${agentCounts}`);
  assert.ok(agentCounts.filter((count) => count > 0).length >= 2, `the agent tail grew: ${agentCounts}`);
  assert.deepEqual(
    agentCounts,
    [...agentCounts].sort((a, b) => a - b),
    "the agent tail only grows",
  );
  assert.ok(layerCounts.filter((count) => count > 0 && count < 6).length >= 1, `a partial layer tail was seen: ${layerCounts}`);
  assert.ok(layerCounts.filter((count) => count > 0).length >= 2, `the layer tail grew: ${layerCounts}`);
  assert.deepEqual(
    layerCounts,
    [...layerCounts].sort((a, b) => a - b),
    "the layer tail only grows",
  );
  assert.ok(
    agentTails.some((text) => text.includes("agent note on stderr")),
    "stderr is part of the tail",
  );
  assert.ok(
    seen.every((view) => view.streams.every((stream) => stream.stream !== "guard")),
    "a policy layer prints nothing, so it has no stream",
  );
  // While the layer runs, the agent's finished output is still there, and listed first.
  const both = seen.find((view) => view.streams.some((stream) => stream.stream === "slow"))!;
  assert.equal(both.streams[0].stream, "agent");
  assert.equal(lines(both.streams[0].text, "agent line"), 6, "the agent's final write came when it ended");

  const goal = await harness.waitForPhase("watched", ENDED);
  assert.equal(await harness.db.liveOutput.count(), 0, "no live rows remain once iterations are recorded");
  const [baseline, first] = await harness.iterations("watched");
  assert.equal(first.phase, "Evaluated", `${goal.reason}: ${goal.message}`);
  assert.equal(lines(first.agentOutput, "agent line"), 6);
  assert.match(first.agentOutput, /agent note on stderr/);
  for (const row of [baseline, first]) {
    const [layer] = await harness.db.layerResult.findMany({ where: { iterationId: row.id, name: "slow" } });
    assert.equal(lines(layer.log, "layer line"), 6, `iteration ${row.number}'s layer log is complete`);
  }
  const after = await liveData("watched", 1);
  assert.deepEqual(after, { phase: toIterationObject(first).phase, streams: [], transcript: null });
});

test("a cancelled iteration leaves no live rows behind", async () => {
  const repo = await harness.sampleRepo("cancelled");
  await harness.apply("cancelled", slowSpec(repo));
  await harness.waitFor("the agent to print", async () => {
    const answer = await live("cancelled", 1);
    return answer.status === 200 && answer.body.result!.data.streams.some((stream) => stream.text.includes("agent line"));
  });
  await controlGoal(harness.db, "cancelled", "cancel", "tester");
  await harness.waitForPhase("cancelled", ["Cancelled"]);
  const iterations = await harness.iterations("cancelled");
  assert.equal(iterations[1].phase, "Interrupted");
  assert.equal(await harness.db.liveOutput.count({ where: { iterationId: iterations[1].id } }), 0);
});

test("the writer throttles each stream, writes the rest when it ends, skips silent quick commands, and shrugs off a failed write", async () => {
  const writes: { stream: string; text: string }[] = [];
  const notes: string[] = [];
  let failNext = true;
  const writer = new LiveOutputWriter(
    async (stream, text) => {
      if (failNext && stream === "b") {
        failNext = false;
        throw new Error("connection reset");
      }
      writes.push({ stream, text });
    },
    (line) => notes.push(line),
    200,
    64,
    10,
  );

  writer.start("quick");
  writer.end("quick");
  writer.start("a");
  await new Promise((resolve) => setTimeout(resolve, 20));
  for (let i = 0; i < 50; i++) {
    writer.append("a", `${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  writer.end("a");
  await new Promise((resolve) => setTimeout(resolve, 50));
  const ofA = writes.filter((write) => write.stream === "a");
  assert.ok(ofA.length >= 4 && ofA.length <= 9, `about one write per 200 ms over ~1 s, not one per chunk: ${ofA.length}`);
  assert.equal(ofA[0].text, "", "a stream shows at once, before it prints");
  assert.match(ofA.at(-1)!.text, /^\[… \d+ bytes cut; the last 6\d bytes follows …\]\n[\s\S]*\n49\n$/, "the last write holds the tail up to the last chunk");
  assert.ok(Buffer.byteLength(ofA.at(-1)!.text.split("\n").slice(1).join("\n")) <= 64, "only the tail is kept");
  assert.ok(!writes.some((write) => write.stream === "quick"), "a command over before it was shown, silently, costs no write");

  writer.append("b", "one\n");
  await new Promise((resolve) => setTimeout(resolve, 20));
  writer.append("b", "two\n");
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(notes.length, 1, "a failed write is noted");
  assert.match(notes[0], /connection reset/);
  assert.deepEqual(
    writes.filter((write) => write.stream === "b").map((write) => write.text),
    ["one\ntwo\n"],
    "and the next write carries on",
  );

  writer.append("b", "three\n");
  await writer.close();
  writer.append("b", "four\n");
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!writes.some((write) => write.text.includes("three") || write.text.includes("four")), "nothing is written after close");
});

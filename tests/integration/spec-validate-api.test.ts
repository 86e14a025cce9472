import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };

const SPEC = {
  intent: "Keep the tests green",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [{ metric: "t.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "t", run: "true" }] },
};
const manifest = (name: string, spec: Record<string, unknown> = SPEC, labels: Record<string, string> = {}) => ({
  apiVersion: "setpoint.dev/v1",
  kind: "Goal",
  metadata: { name, labels },
  spec,
});

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  await harness.apply("existing", SPEC, { team: "core" });
});
after(async () => {
  await harness.close();
});

async function validate(
  input: unknown,
): Promise<{ status: number; body: { result?: { data: unknown }; error?: { data: { issues?: { path: string; message: string }[] }; message: string } } }> {
  const response = await fetch(`${api.url}/api/trpc/spec.validate`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: await response.json() };
}

async function snapshot() {
  const goals = await harness.db.goal.findMany({
    orderBy: { name: "asc" },
    select: { name: true, generation: true, spec: true, labels: true, updatedAt: true },
  });
  // The token's first use is an audit event of its own; what Validate would store is what counts here.
  return { goals, events: await harness.db.event.count({ where: { type: { not: "TokenUsed" } } }) };
}

test("a valid manifest for a new name would create the goal, and nothing is stored", async () => {
  const before = await snapshot();
  const { status, body } = await validate({ manifest: manifest("brand-new") });
  assert.equal(status, 200);
  assert.deepEqual(body.result?.data, { name: "brand-new", action: "create" });
  assert.deepEqual(await snapshot(), before);
});

test("a changed spec for an existing goal would update it to the next generation", async () => {
  const before = await snapshot();
  const { body } = await validate({ manifest: manifest("existing", { ...SPEC, intent: "Keep the tests green and fast" }, { team: "core" }) });
  assert.deepEqual(body.result?.data, { name: "existing", action: "update", generation: 1, nextGeneration: 2, specChanged: true, labelsChanged: false });
  assert.deepEqual(await snapshot(), before, "validate never writes");
});

test("the same spec is no change, and new labels alone keep the generation", async () => {
  assert.deepEqual((await validate({ manifest: manifest("existing", SPEC, { team: "core" }) })).body.result?.data, {
    name: "existing",
    action: "unchanged",
    generation: 1,
  });
  // Defaults written out are the same spec as defaults left out.
  const explicit = { ...SPEC, stop: { maxIterations: 10, onRegression: "revert" }, approval: { policy: "never" } };
  assert.deepEqual((await validate({ manifest: manifest("existing", explicit, { team: "core" }) })).body.result?.data, {
    name: "existing",
    action: "unchanged",
    generation: 1,
  });
  assert.deepEqual((await validate({ manifest: manifest("existing", SPEC, { team: "platform" }) })).body.result?.data, {
    name: "existing",
    action: "update",
    generation: 1,
    nextGeneration: 1,
    specChanged: false,
    labelsChanged: true,
  });
});

test("after a real apply the preview counts from the new generation", async () => {
  await harness.apply("bumped", SPEC);
  await harness.apply("bumped", { ...SPEC, intent: "second" });
  assert.equal((await harness.goal("bumped")).generation, 2, "apply bumps the generation when the spec changes");
  const { body } = await validate({ manifest: manifest("bumped", { ...SPEC, intent: "third" }) });
  assert.deepEqual(body.result?.data, { name: "bumped", action: "update", generation: 2, nextGeneration: 3, specChanged: true, labelsChanged: false });
});

test("an invalid manifest answers 400 with an issue at each field, in words, and stores nothing", async () => {
  const before = await snapshot();
  const bad = manifest("Not A Name", { ...SPEC, intent: "", metrics: [{ metric: "t.ok", target: "about one" }], stop: { maxIterations: "ten" } });
  const { status, body } = await validate({ manifest: bad });
  assert.equal(status, 400);
  const issues = body.error?.data.issues ?? [];
  const byPath = new Map(issues.map((issue) => [issue.path, issue.message]));
  assert.match(byPath.get("metadata.name") ?? "", /lowercase DNS label/);
  assert.equal(byPath.get("spec.intent"), "must say what the agent should achieve");
  assert.match(byPath.get("spec.metrics[0].target") ?? "", /must be '<op> <number>'/);
  assert.equal(byPath.get("spec.stop.maxIterations"), 'must be a number, found text "ten"');
  assert.deepEqual(await snapshot(), before);
});

test("a reviewer with the maker's executor is refused at the reviewer's executor", async () => {
  const spec = {
    ...SPEC,
    evaluation: {
      layers: [
        { name: "t", run: "true" },
        { name: "review", agent: { executor: "demo" } },
      ],
    },
  };
  const { status, body } = await validate({ manifest: manifest("self-grading", spec) });
  assert.equal(status, 400);
  assert.deepEqual(
    body.error?.data.issues?.map((issue) => issue.path),
    ["spec.evaluation.layers[1].agent.executor"],
  );
});

test("a missing or non-object manifest is a 400, never a 500", async () => {
  for (const input of [{}, { manifest: null }, { manifest: "apiVersion: x" }, { manifest: [] }, null]) {
    const { status } = await validate(input);
    assert.ok(status >= 400 && status < 500, `${JSON.stringify(input)} → ${status}`);
  }
});

test("without a token validate answers 401", async () => {
  const response = await fetch(`${api.url}/api/trpc/spec.validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ manifest: manifest("x") }),
  });
  assert.equal(response.status, 401);
});

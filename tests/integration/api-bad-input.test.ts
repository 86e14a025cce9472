import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };
before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  await harness.apply("kept", {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  });
});
after(async () => {
  await harness.close();
});

function post(procedure: string, body: string, token: string | null = api.token) {
  return fetch(`${api.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
}

test("without a token every procedure answers 401 with what to do", async () => {
  const response = await fetch(`${api.url}/api/trpc/goals.list`);
  assert.equal(response.status, 401);
  assert.match(await response.text(), /API token/);
  assert.equal((await post("goals.applyManifests", "{}", "spt_forged")).status, 401);
  assert.equal((await post("goals.pause", JSON.stringify({ name: "a\u0000b" }), null)).status, 401, "who is asking is checked before what is asked");
});

test("an invalid manifest answers 400 naming each field, and nothing is stored", async () => {
  const response = await post(
    "goals.applyManifests",
    JSON.stringify({ manifests: [{ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "kept" }, spec: { intent: "" } }] }),
  );
  assert.equal(response.status, 400);
  const body = await response.json();
  const paths = body.error.data.issues.map((issue: { path: string }) => issue.path);
  assert.ok(paths.includes("spec.intent"), JSON.stringify(paths));
  assert.ok(paths.includes("spec.workspace"));
  const kept = await harness.goal("kept");
  assert.equal(kept.generation, 1);
  assert.equal((kept.spec as { intent: string }).intent, "x");
});

test("garbage bodies, wrong types and unknown goals never answer 500", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(
        "goals.applyManifests",
        "goals.applyYaml",
        "spec.validateYaml",
        "goals.approve",
        "goals.reject",
        "goals.pause",
        "goals.delete",
        "goals.get",
      ),
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((value) => JSON.stringify({ manifests: [value] })),
        fc.jsonValue().map((value) => JSON.stringify({ name: value, iteration: value })),
        // Goal YAML as text: any string, YAML of any shape, a relative path, a base folder that is not one.
        fc
          .oneof(
            fc.string(),
            fc.jsonValue().map((value) => JSON.stringify(value)),
            fc.constant("metadata: {name: kept}\nspec: {workspace: {repo: ./here}}"),
          )
          .map((yaml) => JSON.stringify({ yaml })),
        fc.tuple(fc.string(), fc.jsonValue()).map(([yaml, baseDir]) => JSON.stringify({ yaml, baseDir, source: baseDir })),
      ),
      async (procedure, body) => {
        const response =
          procedure === "goals.get"
            ? await fetch(`${api.url}/api/trpc/goals.get?input=${encodeURIComponent(body)}`, { headers: { authorization: `Bearer ${api.token}` } })
            : await post(procedure, body);
        assert.ok(response.status >= 400 && response.status < 500, `${procedure} ${body} → ${response.status}: ${await response.text()}`);
      },
    ),
    { numRuns: 150 },
  );
  const kept = await harness.goal("kept");
  assert.equal(kept.generation, 1, "no stored goal changed");
});

test("values Postgres cannot hold (a NUL character, an iteration number past 2³¹−1) are a 400 naming the field, never a 500", async () => {
  const manifest = {
    apiVersion: "setpoint.dev/v1",
    kind: "Goal",
    metadata: { name: "kept" },
    spec: {
      intent: "x\u0000y",
      workspace: { repo: "/tmp" },
      agent: { executor: "demo" },
      metrics: [{ metric: "t.ok", target: "== 1" }],
      evaluation: { layers: [{ name: "t", run: "true" }] },
    },
  };
  const cases: [string, unknown, RegExp][] = [
    ["goals.pause", { name: "ke\u0000pt" }, /name/],
    ["goals.applyManifests", { manifests: [manifest] }, /manifests\.0\.spec\.intent/],
    ["goals.applyManifests", { manifests: [{ ...manifest, metadata: { name: "kept", labels: { "te\u0000am": "a" } } }] }, /labels/],
    ["goals.reject", { name: "kept", iteration: 1, comment: "no\u0000" }, /comment/],
    ["goals.approve", { name: "kept", iteration: 3_000_000_000 }, /iteration/],
    ["goals.reject", { name: "kept", iteration: 2 ** 53, comment: "x" }, /iteration/],
  ];
  for (const [procedure, input, names] of cases) {
    const response = await post(procedure, JSON.stringify(input));
    const text = await response.text();
    assert.equal(response.status, 400, `${procedure} ${JSON.stringify(input)} → ${response.status}: ${text}`);
    assert.match(text, names);
    assert.doesNotMatch(text, /invalid byte sequence|out of range|prisma/i, "no database error text reaches the caller");
  }
  for (const query of [{ label: "team=a\u0000" }, { name: "a\u0000b" }]) {
    const procedure = "name" in query ? "goals.get" : "goals.list";
    const response = await fetch(`${api.url}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(query))}`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
    assert.equal(response.status, 400, `${procedure} ${JSON.stringify(query)} → ${response.status}: ${await response.text()}`);
  }
  const live = await fetch(`${api.url}/api/trpc/iterations.live?input=${encodeURIComponent(JSON.stringify({ name: "kept", number: 3_000_000_000 }))}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  assert.equal(live.status, 400);
  const kept = await harness.goal("kept");
  assert.equal((kept.spec as { intent: string }).intent, "x", "nothing stored changed");
});

test("a __proto__ key anywhere in a manifest is a 400 naming it, not a label silently dropped", async () => {
  const spec = {
    intent: "y",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo", env: JSON.parse('{"__proto__": {"A": "b"}}') },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  };
  for (const manifest of [
    `{"apiVersion":"setpoint.dev/v1","kind":"Goal","metadata":{"name":"kept","labels":{"__proto__":"x"}},"spec":${JSON.stringify({ ...spec, agent: { executor: "demo" } })}}`,
    `{"apiVersion":"setpoint.dev/v1","kind":"Goal","metadata":{"name":"kept"},"spec":${JSON.stringify(spec)}}`, // JSON.parse made __proto__ an own key, which stringify keeps
  ]) {
    const response = await post("goals.applyManifests", `{"manifests":[${manifest}]}`);
    const body = await response.json();
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.match(body.error.message, /__proto__: is not allowed as a key/);
  }
  assert.equal(((await harness.goal("kept")).spec as { intent: string }).intent, "x", "nothing stored changed");
});

test("the fleet view's reads answer a bad name or too many with 400 naming the field, and garbage never with 500", async () => {
  const get = (procedure: string, input: unknown) =>
    fetch(`${api.url}/api/trpc/${procedure}?input=${encodeURIComponent(typeof input === "string" ? input : JSON.stringify(input))}`, {
      headers: { authorization: `Bearer ${api.token}` },
    });
  const badName = await get("fleet.rows", { names: ["kept", "Not A Name"] });
  assert.equal(badName.status, 400);
  assert.deepEqual(
    (await badName.json()).error.data.issues.map((issue: { path: string }) => issue.path),
    ["names.1"],
  );
  const tooMany = await get("fleet.sparklines", { names: Array.from({ length: 201 }, (_, index) => `g-${index}`) });
  assert.equal(tooMany.status, 400);
  assert.match(await tooMany.text(), /at most 200 names/);
  // A filter the person mistyped is left out, as on the page: the answer is the unfiltered rows.
  const mistyped = await get("fleet.rows", { label: "=core", phase: "Sleeping", group: "label:" });
  assert.equal(mistyped.status, 200);
  assert.deepEqual(
    (await mistyped.json()).result.data.rows.map((row: { name: string }) => row.name),
    ["kept"],
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom("fleet.rows", "fleet.sparklines"),
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((value) => JSON.stringify({ names: value, q: value, label: value })),
      ),
      async (procedure, body) => {
        const response = await get(procedure, body);
        assert.ok(response.status < 500, `${procedure} ${body} → ${response.status}: ${await response.text()}`);
      },
    ),
    { numRuns: 100 },
  );
});

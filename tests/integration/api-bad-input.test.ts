import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };
before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  await harness.apply("kept", { intent: "x", workspace: { repo: "/tmp" }, agent: { executor: "demo" }, metrics: [{ metric: "t.ok", target: "== 1" }], evaluation: { layers: [{ name: "t", run: "true" }] } });
});
after(async () => { await harness.close(); });

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
});

test("an invalid manifest answers 400 naming each field, and nothing is stored", async () => {
  const response = await post("goals.applyManifests", JSON.stringify({ manifests: [{ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "kept" }, spec: { intent: "" } }] }));
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
      fc.constantFrom("goals.applyManifests", "goals.approve", "goals.reject", "goals.pause", "goals.delete", "goals.get"),
      fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((value) => JSON.stringify({ manifests: [value] })), fc.jsonValue().map((value) => JSON.stringify({ name: value, iteration: value }))),
      async (procedure, body) => {
        const response = procedure === "goals.get"
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

// The edit page's round trip over the real API and Postgres: a goal applied as the CLI does, with every
// setting the issue found lost, read back the way the edit page reads it, run through the form's model
// and saved. Unchanged, the save is a no-op (no generation, no event, no new run); with only the intent
// changed, every other setting comes back exactly as applied.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { formToManifest } from "../../components/goal-form/form-to-manifest";
import { manifestToForm } from "../../components/goal-form/manifest-to-form";
import { editableManifest } from "../../server/goals/editable-manifest";
import type { GoalObject } from "../../server/goals/goal-object";
import { MINIMAL_SPEC, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };

const SPEC = {
  ...MINIMAL_SPEC,
  sandbox: "bwrap",
  network: false,
  approval: { fourEyes: false, approvers: ["alice"], timeoutMinutes: 30, onTimeout: "fail" },
  triggers: { schedule: "0 6 * * *", webhook: true },
  dependsOn: ["build-cache"],
  notify: [{ url: "https://hooks.example.com/T1", events: ["Converged"] }],
  env: { pass: ["ANTHROPIC_API_KEY"] },
};

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

async function call<T>(procedure: string, input: unknown, method: "GET" | "POST" = "POST"): Promise<T> {
  const url = method === "GET" ? `${api.url}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}` : `${api.url}/api/trpc/${procedure}`;
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
    body: method === "POST" ? JSON.stringify(input) : undefined,
  });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.result!.data;
}

const apply = (manifest: unknown) => call<{ results: { action: string; generation: number }[] }>("goals.applyManifests", { manifests: [manifest] });
const read = (name: string) => call<GoalObject>("goals.get", { name }, "GET");

async function history(name: string) {
  const goal = await harness.goal(name);
  const events = await harness.db.event.findMany({
    where: { goalId: goal.id, type: { not: "TokenUsed" } },
    orderBy: { id: "asc" },
    select: { type: true, reason: true },
  });
  return { generation: goal.generation, phase: goal.phase, reason: goal.reason, runFromIteration: goal.runFromIteration, events };
}

test("saving a goal from the edit page unchanged changes nothing: no generation, no event, no new run", async () => {
  await apply({ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "unchanged", labels: { team: "core" } }, spec: SPEC });
  // A finished goal: a spec change would start a new run, so a save that is not a change must not.
  const stored = await harness.goal("unchanged");
  await harness.db.goal.update({ where: { id: stored.id }, data: { phase: "Converged", reason: "TargetsMet" } });
  const before = await history("unchanged");

  const saved = formToManifest(manifestToForm(editableManifest(await read("unchanged"))));
  const { results } = await apply(saved);
  assert.deepEqual(
    results.map(({ action, generation }) => ({ action, generation })),
    [{ action: "unchanged", generation: 1 }],
  );
  assert.deepEqual(await history("unchanged"), before);
});

test("editing only the intent in the form keeps every other setting applied from the CLI", async () => {
  await apply({ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "edited", labels: { team: "core" } }, spec: SPEC });
  const applied = await read("edited");
  const values = manifestToForm(editableManifest(applied));
  values.intent = "Keep the tests green and fast";
  const { results } = await apply(formToManifest(values));
  assert.deepEqual(
    results.map(({ action, generation }) => ({ action, generation })),
    [{ action: "configured", generation: 2 }],
  );

  const after = await read("edited");
  assert.deepEqual(after.spec, { ...applied.spec, intent: "Keep the tests green and fast" });
  assert.deepEqual(after.metadata.labels, { team: "core" });
  assert.equal(after.spec.sandbox, "bwrap");
  assert.equal(after.spec.approval.fourEyes, false);
  assert.deepEqual(after.spec.approval.approvers, ["alice"]);
  assert.equal(after.spec.triggers.schedule, "0 6 * * *");
  assert.deepEqual(after.spec.notify, SPEC.notify);
});

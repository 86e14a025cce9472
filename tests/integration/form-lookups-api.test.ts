// The two reads the goal form makes besides validating: goal names for the dependsOn picker (by what is
// typed, a page at a time) and whether sandbox: bwrap works on the server's machine.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { MINIMAL_SPEC, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  for (const name of ["web-build", "web-lint", "web-test", "api-build", "docs"]) await harness.apply(name, MINIMAL_SPEC);
});
after(async () => {
  await harness.close();
});

async function query<T>(procedure: string, input?: unknown): Promise<{ status: number; data: T }> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${api.url}/api/trpc/${procedure}${search}`, { headers: { authorization: `Bearer ${api.token}` } });
  const body = (await response.json()) as { result?: { data: T } };
  return { status: response.status, data: body.result?.data as T };
}

test("goal names start with what was typed, in order, a page at a time", async () => {
  assert.deepEqual((await query("goals.names", { prefix: "web-" })).data, { names: ["web-build", "web-lint", "web-test"], more: false });
  assert.deepEqual((await query("goals.names", { prefix: "web-", limit: 2 })).data, { names: ["web-build", "web-lint"], more: true });
  assert.deepEqual((await query("goals.names", {})).data, { names: ["api-build", "docs", "web-build", "web-lint", "web-test"], more: false });
  assert.deepEqual((await query("goals.names", { prefix: "nothing" })).data, { names: [], more: false });
  assert.equal((await query("goals.names", { limit: 5000 })).status, 400, "a page is at most 200 names");
});

test("the server says whether bwrap works here, as a runner on this machine finds it", async () => {
  const { status, data } = await query<{ bwrap: boolean; problem: string | null }>("spec.sandboxSupport");
  assert.equal(status, 200);
  const runnerFinds = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
  assert.equal(data.bwrap, runnerFinds === null, `server: ${data.problem}; runner: ${runnerFinds}`);
  assert.equal(data.problem === null, data.bwrap);
});

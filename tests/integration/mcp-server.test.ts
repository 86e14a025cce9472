// Setpoint's MCP server through the SDK's own client, over both transports: stdio (a real
// `setpoint mcp` process speaking to the API over HTTP) and streamable HTTP (the real /api/mcp route
// handler). A real runner converges what the tools apply.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { signInWithPassword } from "../../server/auth/sessions";
import { addUser } from "../../server/auth/users";
import { SESSION_COOKIE } from "../../server/auth/session-cookie";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { calcGoalYaml } from "../helpers/calc-goal-yaml";
import { httpMcpClient, stdioMcpClient, type McpClient } from "../helpers/mcp-clients";

let harness: Harness;
let api: { url: string; token: string };
let handle: (request: Request) => Promise<Response>;
const clients: McpClient[] = [];
const tokens: Record<"operator" | "approver" | "admin", string> = { operator: "", approver: "", admin: "" };

before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the route uses the process's one client
  handle = (await import("../../app/api/mcp/route")).POST;
  api = await harness.serveApi();
  for (const role of ["operator", "approver", "admin"] as const) tokens[role] = await createToken(harness.db, `mcp-${role}`, role);
  await harness.sampleRepo("calc");
  await harness.startRunner(1);
});
after(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await harness.close();
});

async function track(client: Promise<McpClient>): Promise<McpClient> {
  clients.push(await client);
  return clients.at(-1)!;
}

const goalYaml = calcGoalYaml;

test("over stdio, an agent validates and applies a goal from YAML, waits for it to converge, and reads how it got there", async () => {
  const client = await track(stdioMcpClient(api, tokens.operator, harness.dir));
  const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
  assert.deepEqual(tools, [
    "apply_goal",
    "approve_iteration",
    "cancel_goal",
    "get_goal",
    "get_iteration",
    "list_goals",
    "pause_goal",
    "reject_iteration",
    "rerun_goal",
    "resume_goal",
    "validate_goal",
    "wait_for_goal",
  ]);

  // A relative repository is read from the stdio server's folder, as the CLI reads it from the YAML's.
  const yaml = goalYaml("mcp-calc", "./repos/calc");
  const validated = await client.text("validate_goal", { yaml });
  assert.deepEqual(validated, { isError: false, text: "valid; applying it would:\n  create goal mcp-calc" });
  assert.deepEqual(await client.text("apply_goal", { yaml }), { isError: false, text: "goal.setpoint.dev/mcp-calc created (generation 1)" });
  assert.equal((await harness.goal("mcp-calc")).createdBy, "mcp-operator", "the token's name is the actor");

  const waited = await client.text("wait_for_goal", { name: "mcp-calc", timeoutSeconds: 120 });
  assert.match(
    waited.text,
    /^goal mcp-calc has ended: Converged \(TargetsMet\), iteration \d+\/10, tests\.pass_ratio=1 lint\.ok=1: every target holds at iteration \d+$/,
  );

  const listed = await client.text("list_goals");
  assert.match(listed.text, /^NAME +PHASE .*\nmcp-calc +Converged /);
  const described = await client.text("get_goal", { name: "mcp-calc" });
  assert.match(described.text, /Name: +mcp-calc/);
  assert.match(described.text, /Phase: +Converged/);
  const { bestIteration } = await harness.goal("mcp-calc");
  const iteration = await client.text("get_iteration", { name: "mcp-calc", iteration: bestIteration });
  assert.match(
    iteration.text,
    new RegExp(
      `^iteration ${bestIteration} of mcp-calc: Accepted; metrics .*\\blint\\.ok=1 .*\\btests\\.pass_ratio=1\\b.*; commit [0-9a-f]{40}; cost \\$0\\.01\n`,
    ),
  );
  assert.match(iteration.text, /==> iteration \d+: diff <==\ndiff --git/);
  assert.match(iteration.text, /==> layer tests \(run\): ✓ passed, exit 0/);
  assert.match(iteration.text, /==> iteration \d+: agent output <==/);

  const resources = (await client.listResources()).resources;
  assert.ok(resources.some((resource) => resource.uri === "setpoint://goals/mcp-calc/status" && resource.mimeType === "application/json"));
  const [status] = (await client.readResource({ uri: "setpoint://goals/mcp-calc/status" })).contents;
  const parsed = JSON.parse("text" in status ? status.text : "");
  assert.equal(parsed.phase, "Converged");
  assert.equal(parsed.name, "mcp-calc");
  assert.equal(parsed.bestIteration, bestIteration);
});

test("over HTTP, the same tools answer; mistakes are tool errors that name the field (and the YAML line), never a crash", async () => {
  const client = await track(httpMcpClient(handle, tokens.operator));
  const badYaml = goalYaml("bad-goal", "https://github.com/acme/app.git").replace('target: ">= 1"', 'target: "at least 1"');
  const invalid = await client.text("validate_goal", { yaml: badYaml });
  assert.equal(invalid.isError, true);
  assert.match(invalid.text, /^1 problem in the goal YAML; nothing was applied:\n {2}<yaml>:10:\d+: spec\.metrics\[0\]\.target: must be '<op> <number>'/);

  const relative = await client.text("apply_goal", { yaml: goalYaml("relative-goal", "./repos/calc") });
  assert.equal(relative.isError, true);
  assert.match(relative.text, /spec\.workspace\.repo: '\.\/repos\/calc' is a relative path, which means nothing on the server/);

  const missing = await client.text("get_goal", { name: "no-such-goal" });
  assert.deepEqual(missing, { isError: true, text: "goal 'no-such-goal' not found" });
  const badName = await client.text("get_goal", { name: "Not A Name" });
  assert.equal(badName.isError, true);
  assert.match(badName.text, /name/);
  assert.match(badName.text, /lowercase DNS label/);
  const notEnded = await client.text("rerun_goal", { name: "mcp-calc" }).then(() => client.text("rerun_goal", { name: "mcp-calc" }));
  assert.equal(notEnded.isError, true);
  assert.match(notEnded.text, /only a goal that has ended can be re-run/);
  assert.equal((await client.text("wait_for_goal", { name: "mcp-calc", timeoutSeconds: 120 })).isError, false);

  const applied = await client.text("apply_goal", {
    yaml: goalYaml("http-calc", `${harness.dir}/repos/calc`, "  dependsOn: [not-there-yet]\n"),
    paused: false,
  });
  assert.deepEqual(applied, { isError: false, text: "goal.setpoint.dev/http-calc created (generation 1)" });
  const started = Date.now();
  const waited = await client.text("wait_for_goal", { name: "http-calc", timeoutSeconds: 2 });
  assert.ok(Date.now() - started < 10_000, "bounded by its timeout");
  assert.match(waited.text, /^goal http-calc is still Queued after 2s: Queued \(WaitingForDependencies\).*; call wait_for_goal again to wait longer$/);
  const cancelled = await client.text("cancel_goal", { name: "http-calc" });
  assert.match(cancelled.text, /^goal http-calc is Cancelled \(CancelledByUser\): cancelled by mcp-operator$/);
});

test("four eyes hold over MCP: whoever applied a goal may not approve its gate; another approver may", async () => {
  const admin = await track(httpMcpClient(handle, tokens.admin));
  const approver = await track(stdioMcpClient(api, tokens.approver, harness.dir));
  const applied = await admin.text("apply_goal", { yaml: goalYaml("gated", `${harness.dir}/repos/calc`, "  approval: { policy: on-converge }\n") });
  assert.equal(applied.isError, false, applied.text);
  const waited = await admin.text("wait_for_goal", { name: "gated", timeoutSeconds: 120 });
  assert.match(waited.text, /^goal gated waits for a person: AwaitingApproval/);
  const gate = (await harness.goal("gated")).currentIteration!;

  const own = await admin.text("approve_iteration", { name: "gated", iteration: gate });
  assert.equal(own.isError, true);
  assert.match(own.text, /four-eyes: mcp-admin created or last edited this goal, so another person must decide/);
  const approved = await approver.text("approve_iteration", { name: "gated", iteration: gate, comment: "checked over MCP" });
  assert.deepEqual(approved, { isError: false, text: `iteration ${gate} of gated is approved: checked over MCP` });
  assert.match((await approver.text("wait_for_goal", { name: "gated", timeoutSeconds: 120 })).text, /^goal gated has ended: Converged/);
});

test("the HTTP endpoint takes a bearer token only: no token, a made-up one or the dashboard's session cookie get 401; GET is 405", async () => {
  const initialize = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  const post = (headers: Record<string, string>) =>
    handle(
      new Request("http://setpoint.test/api/mcp", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
        body: initialize,
      }),
    );
  await addUser(harness.db, { name: "dana", role: "admin", password: "correct horse battery" }, "test");
  const signedIn = await signInWithPassword(harness.db, "dana", "correct horse battery");
  assert.ok("token" in signedIn);
  const session = signedIn.token;
  for (const headers of [{}, { authorization: "Bearer spt_made-up" }, { cookie: `${SESSION_COOKIE}=${session}` }] as Record<string, string>[]) {
    const response = await post(headers);
    assert.equal(response.status, 401, JSON.stringify(headers));
    assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="setpoint"');
    assert.match(
      (await response.json()).error.message,
      /send a Setpoint API token as 'Authorization: Bearer <token>'.*does not read the dashboard's session cookie/,
    );
  }
  assert.equal((await post({ authorization: `Bearer ${tokens.operator}` })).status, 200);
  const get = await handle(
    new Request("http://setpoint.test/api/mcp", { headers: { authorization: `Bearer ${tokens.operator}`, accept: "text/event-stream" } }),
  );
  assert.equal(get.status, 405);
});

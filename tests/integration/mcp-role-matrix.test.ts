// Every MCP tool × every role, through the real /api/mcp route and the SDK's client: each call either
// passes the door (it may still fail for its own reasons: a goal that does not exist) or is refused with
// what the role lacks, exactly as the API refuses it (the tools call the same procedures). The table is
// written here, so a new tool fails this test until someone decides who may call it. Over stdio, a
// refusal reads the same, and a missing or made-up token is said.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { ROLES, roleAllows, type Permission, type Role } from "../../server/auth/roles";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { httpMcpClient, stdioMcpClient, type McpClient } from "../helpers/mcp-clients";

const EXPECTED: Record<string, Permission> = {
  list_goals: "read",
  get_goal: "read",
  get_iteration: "read",
  validate_goal: "read",
  wait_for_goal: "read",
  apply_goal: "operate",
  approve_iteration: "approve",
  reject_iteration: "approve",
  pause_goal: "operate",
  resume_goal: "operate",
  rerun_goal: "operate",
  cancel_goal: "operate",
};

const YAML = `apiVersion: setpoint.dev/v1
kind: Goal
metadata: { name: matrix-applied }
spec:
  intent: x
  workspace: { repo: https://github.com/acme/app.git }
  agent: { executor: demo }
  metrics: [{ metric: t.ok, target: "== 1" }]
  evaluation: { layers: [{ name: t, run: "true" }] }
`;

// Arguments every tool accepts; goals that do not exist keep the calls from changing anything but the
// paused goal apply_goal creates.
const ARGS: Record<string, Record<string, unknown>> = {
  list_goals: {},
  get_goal: { name: "no-such-goal" },
  get_iteration: { name: "no-such-goal", iteration: 1 },
  validate_goal: { yaml: YAML },
  wait_for_goal: { name: "no-such-goal", timeoutSeconds: 1 },
  apply_goal: { yaml: YAML, paused: true },
  approve_iteration: { name: "no-such-goal", iteration: 1 },
  reject_iteration: { name: "no-such-goal", iteration: 1, comment: "no" },
  pause_goal: { name: "no-such-goal" },
  resume_goal: { name: "no-such-goal" },
  rerun_goal: { name: "no-such-goal" },
  cancel_goal: { name: "no-such-goal" },
};

let harness: Harness;
let handle: (request: Request) => Promise<Response>;
const tokens = {} as Record<Role, string>;
const clients: McpClient[] = [];

before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url;
  handle = (await import("../../app/api/mcp/route")).POST;
  for (const role of ROLES) tokens[role] = await createToken(harness.db, `mcp-matrix-${role}`, role);
});
after(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await harness.close();
});

test("every tool is in the table, and each role is let through or refused with what it lacks", async () => {
  const wrong: string[] = [];
  for (const role of ROLES) {
    const client = await httpMcpClient(handle, tokens[role]);
    clients.push(client);
    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    assert.deepEqual(tools, Object.keys(EXPECTED).sort(), "the table names every tool");
    for (const [tool, permission] of Object.entries(EXPECTED)) {
      const { isError, text } = await client.text(tool, ARGS[tool]);
      const refused = isError && text.includes(`your role '${role}' may not`);
      if (roleAllows(role, permission) && refused) wrong.push(`${role} × ${tool}: expected to pass the door, got ${text.slice(0, 160)}`);
      if (!roleAllows(role, permission) && !refused)
        wrong.push(`${role} × ${tool}: expected a refusal naming the role, got ${isError ? "error" : "success"} ${text.slice(0, 160)}`);
      if (isError && /internal error/.test(text)) wrong.push(`${role} × ${tool}: ${text}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal((await harness.goal("matrix-applied")).createdBy, "mcp-matrix-operator", "the first role allowed to apply created it");
});

test("over stdio the token's role holds the same, and no token or a made-up one is said, not crashed on", async () => {
  const api = await harness.serveApi();
  const viewer = await stdioMcpClient(api, tokens.viewer, harness.dir);
  clients.push(viewer);
  const refused = await viewer.text("apply_goal", { yaml: YAML });
  assert.equal(refused.isError, true);
  assert.match(refused.text, /^not allowed: your role 'viewer' may not create, edit, run, pause or cancel goals/);
  assert.equal((await viewer.text("list_goals")).isError, false);

  const nobody = await stdioMcpClient(api, null, harness.dir);
  clients.push(nobody);
  const none = await nobody.text("list_goals");
  assert.equal(none.isError, true);
  assert.match(none.text, /needs a token and none was found/);
  const forged = await stdioMcpClient(api, "spt_made-up", harness.dir);
  clients.push(forged);
  assert.match((await forged.text("get_goal", { name: "matrix-applied" })).text, /refused the token from SETPOINT_TOKEN: sign in first/);
});

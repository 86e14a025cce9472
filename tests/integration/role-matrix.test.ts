// Every tRPC procedure × every role, through the same route handler the web server runs: each call is
// either let through the door or refused with 403 and a message naming what the role lacks. The
// expected permission of each procedure is written out here, so a new procedure, or one whose
// permission changes, fails this test until someone decides who may call it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { appRouter } from "../../server/api/root";
import { createToken } from "../../server/auth/api-tokens";
import { ROLES, roleAllows, type Permission, type Role } from "../../server/auth/roles";
import { startHarness, type Harness } from "../helpers/loop-harness";

const EXPECTED: Record<string, Permission> = {
  "goals.applyManifests": "operate",
  "goals.applyYaml": "operate",
  "goals.list": "read",
  "goals.get": "read",
  "goals.names": "read",
  "goals.iterations": "read",
  "goals.budgets": "read",
  "goals.events": "read",
  "goals.logs": "read",
  "goals.approve": "approve",
  "goals.reject": "approve",
  "goals.pause": "operate",
  "goals.resume": "operate",
  "goals.rerun": "operate",
  "goals.cancel": "operate",
  "goals.delete": "operate",
  "goals.notifications": "read",
  "goals.certificates": "read",
  "iterations.live": "read",
  "iterations.candidates": "read",
  "spec.validate": "read",
  "spec.previewPrompt": "operate", // reads files of the repository named in the form
  "spec.fromTemplate": "operate",
  "spec.sandboxSupport": "read",
  "spec.validateYaml": "read",
  "live.events": "read",
  "users.me": "read",
  "users.list": "admin",
  "users.add": "admin",
  "users.setRole": "admin",
  "users.setPassword": "admin",
  "users.remove": "admin",
  "tokens.list": "admin",
  "tokens.create": "admin",
  "tokens.revoke": "admin",
  "secrets.set": "operate",
  "secrets.list": "read",
  "secrets.delete": "operate",
  "webhooks.get": "read",
  "webhooks.rotateSecret": "operate",
  "events.list": "read",
  "executors.list": "read",
  "fleet.rows": "read",
  "fleet.sparklines": "read",
  "fleet.summary": "read",
  "insights.read": "read",
};

type Procedure = { _def: { type: "query" | "mutation" | "subscription"; meta?: { permission?: Permission } } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

let harness: Harness;
let handle: (request: Request) => Promise<Response>;
const tokens = {} as Record<Role, string>;

before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the route uses the process's one client
  handle = (await import("../../app/api/trpc/[trpc]/route")).GET;
  for (const role of ROLES) tokens[role] = await createToken(harness.db, `matrix-${role}`, role);
});
after(async () => {
  await harness.close();
});

// A string where every procedure with an input wants an object: a call through the door ends as a 400
// (or, with no input, a plain answer) and changes nothing.
async function call(path: string, type: Procedure["_def"]["type"], token: string | null): Promise<{ status: number; message: string }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const controller = new AbortController();
  const input = encodeURIComponent(JSON.stringify("not-an-object"));
  const request =
    type === "mutation"
      ? new Request(`http://localhost/api/trpc/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify("not-an-object"),
          signal: controller.signal,
        })
      : new Request(`http://localhost/api/trpc/${path}?input=${input}`, { headers, signal: controller.signal });
  const response = await handle(request);
  // A subscription answers with an event stream; its first event says whether it was refused.
  const text = type === "subscription" ? await firstChunk(response) : await response.text();
  controller.abort();
  const status = type === "subscription" ? subscriptionStatus(text) : response.status;
  return { status, message: text };
}

// An allowed stream sends "connected" and then waits for goal events; a refused one sends its error next.
async function firstChunk(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  let text = "";
  const quiet = new Promise<"quiet">((resolve) => setTimeout(() => resolve("quiet"), 1000));
  while (!/"code":"/.test(text)) {
    const next = await Promise.race([reader.read(), quiet]);
    if (next === "quiet" || next.done) break;
    text += new TextDecoder().decode(next.value);
  }
  await reader.cancel().catch(() => {});
  return text;
}

function subscriptionStatus(text: string): number {
  const code = text.match(/"code":"([A-Z_]+)"/)?.[1];
  return code === "FORBIDDEN" ? 403 : code === "UNAUTHORIZED" ? 401 : code ? 400 : 200;
}

test("every procedure names the permission it needs, and the list here is complete", () => {
  const found = Object.fromEntries(procedures.map(([path, procedure]) => [path, procedure._def.meta?.permission]));
  assert.deepEqual(found, EXPECTED);
});

test("each role is let through or refused with 403 and what it lacks, for every procedure", async () => {
  const wrong: string[] = [];
  for (const [path, procedure] of procedures) {
    const permission = EXPECTED[path];
    for (const role of ROLES) {
      const { status, message } = await call(path, procedure._def.type, tokens[role]);
      if (roleAllows(role, permission)) {
        if (status === 401 || status === 403 || status >= 500)
          wrong.push(`${role} × ${path}: expected to pass the door, got ${status} ${message.slice(0, 200)}`);
      } else if (status !== 403 || !message.includes(`your role '${role}' may not`)) {
        wrong.push(`${role} × ${path}: expected 403 naming the role, got ${status} ${message.slice(0, 200)}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test("nothing answers without a token but with 401 saying how to sign in", async () => {
  const wrong: string[] = [];
  for (const [path, procedure] of procedures) {
    for (const token of [null, "spt_revoked-or-made-up", "sps_made-up-session"]) {
      const { status, message } = await call(path, procedure._def.type, token);
      if (status !== 401 || !message.includes("sign in first")) wrong.push(`${path} with ${token ?? "no token"}: ${status} ${message.slice(0, 120)}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("the roles read as the issue says: viewers read, operators run goals, approvers decide, admins do all", () => {
  const table = Object.fromEntries(ROLES.map((role) => [role, (["read", "operate", "approve", "admin"] as Permission[]).filter((p) => roleAllows(role, p))]));
  assert.deepEqual(table, { viewer: ["read"], operator: ["read", "operate"], approver: ["read", "approve"], admin: ["read", "operate", "approve", "admin"] });
});

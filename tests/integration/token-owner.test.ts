// A token belongs to the person who made it and acts as that person: events name the person (the token
// beside them), and four-eyes compares people, so a second token of the same person decides nothing.
// Through the real API over HTTP, on a real Postgres.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { signInWithPassword } from "../../server/auth/sessions";
import { SESSION_COOKIE } from "../../server/auth/session-cookie";
import { API_VERSION } from "../../server/spec/goal-spec";
import { MINIMAL_SPEC, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

type Credential = { token: string } | { session: string };
type Answer = { status: number; message: string; data: Record<string, unknown> };

async function call(as: Credential, procedure: string, input: unknown): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ("token" in as) headers.authorization = `Bearer ${as.token}`;
  else headers.cookie = `${SESSION_COOKIE}=${as.session}`;
  const response = await fetch(`${api.url}/api/trpc/${procedure}`, { method: "POST", headers, body: JSON.stringify(input) });
  const body = await response.json();
  return { status: response.status, message: body.error?.message ?? "", data: body.result?.data ?? {} };
}

async function whoami(token: string): Promise<Answer> {
  const response = await fetch(`${api.url}/api/trpc/users.me`, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.json();
  return { status: response.status, message: body.error?.message ?? "", data: body.result?.data ?? {} };
}

async function signIn(name: string, password: string): Promise<Credential> {
  const outcome = await signInWithPassword(harness.db, name, password);
  assert.ok("token" in outcome);
  return { session: outcome.token };
}

function manifest(name: string) {
  return { apiVersion: API_VERSION, kind: "Goal", metadata: { name }, spec: { ...MINIMAL_SPEC, approval: { policy: "every-iteration" } } };
}

// Iteration 1 of `name` waiting at the gate, its goal parked there.
async function openGate(name: string) {
  const { id } = await harness.goal(name);
  const now = new Date();
  await harness.db.iteration.create({
    data: {
      goalId: id,
      number: 1,
      generation: 1,
      phase: "Evaluated",
      approval: "pending",
      approvalRequestedAt: now,
      leaseEpoch: 1,
      startedAt: now,
      finishedAt: now,
    },
  });
  await harness.db.goal.update({ where: { id }, data: { phase: "AwaitingApproval", reason: "ApprovalRequired", heldSince: now } });
}

test("two tokens of one admin are one person: the second cannot approve what the first applied; another person can", async () => {
  const ann = await harness.person("ann", "admin");
  const session = await signIn("ann", ann.password);
  const made = await call(session, "tokens.create", { name: "ann-second", role: "admin", expiresInDays: 7 });
  assert.equal(made.status, 200, made.message);
  assert.equal(made.data.owner, "ann");
  const second = { token: String(made.data.token) };

  assert.equal((await call({ token: ann.token }, "goals.applyManifests", { manifests: [manifest("anns-goal")] })).status, 200);
  const goal = await harness.goal("anns-goal");
  assert.equal(goal.createdBy, "ann");
  await openGate("anns-goal");

  for (const [procedure, input] of [
    ["goals.approve", { name: "anns-goal", iteration: 1 }],
    ["goals.reject", { name: "anns-goal", iteration: 1, comment: "no" }],
  ] as const) {
    const refused = await call(second, procedure, input);
    assert.equal(refused.status, 403, `${procedure}: ${refused.message}`);
    assert.match(refused.message, /four-eyes: ann created or last edited this goal, so another person must decide/);
  }
  assert.equal((await harness.iterations("anns-goal"))[0].approval, "pending");

  const ben = await harness.person("ben", "approver");
  const approved = await call({ token: ben.token }, "goals.approve", { name: "anns-goal", iteration: 1 });
  assert.equal(approved.status, 200, approved.message);
  assert.equal((await harness.iterations("anns-goal"))[0].approvedBy, "ben");
});

test("events name the person who acted, and the token they acted through", async () => {
  const cleo = await harness.person("cleo", "operator", "cleo-laptop");
  assert.equal((await call({ token: cleo.token }, "goals.applyManifests", { manifests: [manifest("cleos-goal")] })).status, 200);
  assert.equal((await call({ token: cleo.token }, "goals.pause", { name: "cleos-goal" })).status, 200);
  const events = await harness.db.event.findMany({ where: { goalName: "cleos-goal" }, orderBy: { id: "asc" } });
  assert.deepEqual(
    events.map((event) => [event.type, event.actor, (event.data as { viaToken?: string }).viaToken]),
    [
      ["Created", "cleo", "cleo-laptop"],
      ["Paused", "cleo", "cleo-laptop"],
    ],
  );
  const used = await harness.db.event.findFirstOrThrow({ where: { type: "TokenUsed", actor: "cleo" } });
  assert.equal((used.data as { token: string }).token, "cleo-laptop");
  assert.match(used.message, /token 'cleo-laptop' \(operator\) used by cleo/);

  // Signed in, the same person is the same actor, with no token named.
  const session = await signIn("cleo", cleo.password);
  assert.equal((await call(session, "goals.resume", { name: "cleos-goal" })).status, 200);
  const resumed = await harness.db.event.findFirstOrThrow({ where: { goalName: "cleos-goal", reason: "Resumed" } });
  assert.equal(resumed.actor, "cleo");
  assert.equal((resumed.data as { viaToken?: string }).viaToken, undefined);

  const me = await whoami(cleo.token);
  assert.deepEqual([me.data.name, me.data.token, me.data.via], ["cleo", "cleo-laptop", "token"]);
});

test("a token that belongs to nobody cannot make tokens: it would mint a second identity", async () => {
  const refused = await call({ token: api.token }, "tokens.create", { name: "orphan-child", role: "viewer", expiresInDays: 1 });
  assert.equal(refused.status, 403);
  assert.match(refused.message, /a token belongs to the person who makes it, and the token 'tester' you are using belongs to nobody/);
  assert.equal(await harness.db.apiToken.count({ where: { name: "orphan-child" } }), 0);
});

test("a person's tokens never outgrow them: a demotion revokes what the new role does not cover, a removal ends them all", async () => {
  const dee = await harness.person("dee", "admin");
  const session = await signIn("dee", dee.password);
  const viewerToken = String((await call(session, "tokens.create", { name: "dee-reader", role: "viewer", expiresInDays: 7 })).data.token);
  const eve = await harness.person("eve", "admin");

  const demoted = await call({ token: eve.token }, "users.setRole", { name: "dee", role: "operator" });
  assert.equal(demoted.status, 200, demoted.message);
  assert.deepEqual(demoted.data.revokedTokens, ["dee-cli"]);
  assert.equal((await whoami(dee.token)).status, 401);
  assert.equal((await whoami(viewerToken)).status, 200);
  const changed = await harness.db.event.findFirstOrThrow({ where: { type: "UserRoleChanged", actor: "eve" } });
  assert.match(changed.message, /user 'dee' now has role operator; their token dee-cli outgrew it and was revoked/);

  const removed = await call({ token: eve.token }, "users.remove", { name: "dee" });
  assert.equal(removed.status, 200, removed.message);
  assert.equal(removed.data.removedTokens, 1);
  assert.equal((await whoami(viewerToken)).status, 401);
  assert.equal(await harness.db.apiToken.count({ where: { name: { startsWith: "dee-" } } }), 0);
});

test("a disabled person's tokens stop working", async () => {
  const fay = await harness.person("fay", "viewer");
  assert.equal((await whoami(fay.token)).status, 200);
  await harness.db.user.update({ where: { name: "fay" }, data: { disabledAt: new Date() } });
  assert.equal((await whoami(fay.token)).status, 401);
});

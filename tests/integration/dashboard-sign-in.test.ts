import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureFirstAdmin } from "../../server/auth/admin-token";
import { addUser, setUserPassword } from "../../server/auth/users";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let route: typeof import("../../app/api/session/route");
let api: { url: string };
before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the route uses the process's one client
  route = await import("../../app/api/session/route");
  api = await harness.serveApi();
  await addUser(harness.db, { name: "dana", role: "operator", password: "correct horse battery" }, "test");
});
after(async () => {
  await harness.close();
});

// What the sign-in page's form sends: a urlencoded body.
function signInForm(name: string, password: string, next = "/goals/x"): Request {
  return new Request("http://localhost/api/session", { method: "POST", body: new URLSearchParams({ name, password, next }) });
}

function cookieOf(answer: Response): string {
  return (answer.headers.get("set-cookie") ?? "").split(";")[0];
}

async function goalsWith(cookie: string): Promise<number> {
  return (await fetch(`${api.url}/api/trpc/goals.list`, { headers: { cookie } })).status;
}

test("signing in with name and password sets an httpOnly session cookie the API accepts, and sends the person on", async () => {
  const answer = await route.POST(signInForm("dana", "correct horse battery"));
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.get("location"), "/goals/x");
  const header = answer.headers.get("set-cookie") ?? "";
  assert.match(header, /^setpoint_session=sps_/);
  assert.match(header, /HttpOnly/);
  assert.match(header, /SameSite=Lax/);
  assert.equal(await goalsWith(cookieOf(answer)), 200);
  assert.equal((await harness.db.session.count({ where: { user: { name: "dana" } } })) >= 1, true);
});

test("a wrong password and an unknown name get the same answer, and no cookie", async () => {
  for (const [name, password] of [
    ["dana", "wrong password!!"],
    ["nobody", "correct horse battery"],
  ]) {
    const answer = await route.POST(signInForm(name, password, "/approvals"));
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.get("location"), `/sign-in?error=invalid&name=${name}&next=%2Fapprovals`);
    assert.equal(answer.headers.get("set-cookie"), null);
  }
});

test("passwords are stored only as scrypt hashes", async () => {
  const user = await harness.db.user.findUniqueOrThrow({ where: { name: "dana" } });
  assert.match(user.passwordHash, /^scrypt\$15\$8\$1\$/);
  assert.equal(user.passwordHash.includes("correct horse"), false);
});

test("signing in cannot redirect to another site", async () => {
  // Browsers drop tabs and newlines, so "/\t/evil.example" is "//evil.example" to them (issue 16).
  for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "/\t/evil.example/x", "/\n/evil.example", " //evil.example"]) {
    const answer = await route.POST(signInForm("dana", "correct horse battery", next));
    assert.equal(answer.headers.get("location"), "/", `next=${next}`);
  }
});

test("signing out ends the session in Postgres, so a copied cookie stops working", async () => {
  const cookie = cookieOf(await route.POST(signInForm("dana", "correct horse battery")));
  assert.equal(await goalsWith(cookie), 200);
  const answer = await route.POST(
    new Request("http://localhost/api/session", { method: "POST", body: new URLSearchParams({ action: "sign-out" }), headers: { cookie } }),
  );
  assert.equal(answer.headers.get("location"), "/sign-in");
  assert.match(answer.headers.get("set-cookie") ?? "", /Max-Age=0/);
  assert.equal(await goalsWith(cookie), 401);
});

test("a new password ends the user's sessions", async () => {
  await addUser(harness.db, { name: "eve", role: "viewer", password: "first password 1" }, "test");
  const cookie = cookieOf(await route.POST(signInForm("eve", "first password 1")));
  assert.equal(await goalsWith(cookie), 200);
  await setUserPassword(harness.db, "eve", "second password 2", "test");
  assert.equal(await goalsWith(cookie), 401);
  assert.equal(cookieOf(await route.POST(signInForm("eve", "first password 1"))), "");
});

test("the first start creates one admin with a password in a 0600 file; later starts leave it", async () => {
  const db = harness.db;
  await db.session.deleteMany();
  await db.user.deleteMany();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-first-admin-"));
  const first = await ensureFirstAdmin(db, dir);
  assert.equal(first.created, true);
  assert.equal(fs.statSync(first.passwordFile).mode & 0o777, 0o600);
  const password = fs.readFileSync(first.passwordFile, "utf8").trim();
  assert.ok(password.length >= 20);
  assert.match(cookieOf(await route.POST(signInForm("admin", password))), /^setpoint_session=sps_/);
  const again = await ensureFirstAdmin(db, dir);
  assert.equal(again.created, false);
  assert.equal(await db.user.count(), 1);
});

test("ten wrong passwords for a name stop sign-ins for it for a while, even with the right one; the audit counts each failure", async () => {
  await addUser(harness.db, { name: "gus", role: "viewer", password: "the right password" }, "test");
  for (let attempt = 0; attempt < 10; attempt++) {
    const answer = await route.POST(signInForm("gus", `guess ${attempt} of many`));
    assert.match(answer.headers.get("location") ?? "", /error=invalid/);
  }
  const blocked = await route.POST(signInForm("gus", "the right password"));
  assert.match(blocked.headers.get("location") ?? "", /error=throttled/);
  assert.equal(blocked.headers.get("set-cookie"), null);
  const audited = await harness.db.event.findMany({ where: { type: "SignInFailed", actor: "anonymous", message: { contains: "'gus'" } } });
  assert.equal(audited.length, 1, "one event for the name in this window");
  assert.equal((audited[0].data as { count: number }).count, 10);
  assert.match(audited[0].message, /^10 sign-ins as 'gus' failed/);
});

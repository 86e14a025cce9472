import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let route: typeof import("../../app/api/session/route");
before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the route uses the process's one client
  route = await import("../../app/api/session/route");
});
after(async () => { await harness.close(); });

test("the printed sign-in link sets an httpOnly session cookie and sends the person where they were going", async () => {
  const token = await createToken(harness.db, "dana", "admin");
  const answer = await route.GET(new Request(`http://localhost/api/session?token=${token}&next=%2Fgoals%2Fx`));
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.get("location"), "/goals/x");
  const cookie = answer.headers.get("set-cookie") ?? "";
  assert.match(cookie, /^setpoint_token=spt_/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
});

test("a wrong token is sent back to the sign-in page with an error, and sets no cookie", async () => {
  const form = new FormData();
  form.set("token", "spt_not-a-real-token");
  form.set("next", "/approvals");
  const answer = await route.POST(new Request("http://localhost/api/session", { method: "POST", body: form }));
  assert.equal(answer.status, 303);
  assert.equal(answer.headers.get("location"), "/sign-in?error=invalid&next=%2Fapprovals");
  assert.equal(answer.headers.get("set-cookie"), null);
});

test("the sign-in link cannot redirect to another site", async () => {
  const token = await createToken(harness.db, "erin", "admin");
  for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
    const answer = await route.GET(new Request(`http://localhost/api/session?token=${token}&next=${encodeURIComponent(next)}`));
    assert.equal(answer.headers.get("location"), "/", `next=${next}`);
  }
});

test("the API accepts the dashboard's session cookie as well as a bearer token", async () => {
  const api = await harness.serveApi();
  const anonymous = await fetch(`${api.url}/api/trpc/goals.list`);
  assert.equal(anonymous.status, 401);
  const withCookie = await fetch(`${api.url}/api/trpc/goals.list`, { headers: { cookie: `other=1; setpoint_token=${encodeURIComponent(api.token)}` } });
  assert.equal(withCookie.status, 200);
});

test("sign-out clears the cookie", async () => {
  const form = new FormData();
  form.set("action", "sign-out");
  const answer = await route.POST(new Request("http://localhost/api/session", { method: "POST", body: form }));
  assert.equal(answer.headers.get("location"), "/sign-in");
  assert.match(answer.headers.get("set-cookie") ?? "", /Max-Age=0/);
});

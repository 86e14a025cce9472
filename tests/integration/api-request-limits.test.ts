// What a signed-in caller can make the API hold or send, and what another site can make a signed-in
// browser do, through the real route handlers (app/api/trpc, app/api/session) served over HTTP.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createToken } from "../../server/auth/api-tokens";
import { addUser } from "../../server/auth/users";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";
import { serveRoutes } from "../helpers/serve-routes";

const exec = promisify(execFile);
const MiB = 1024 * 1024;
const EVIL = "http://evil.example";

let harness: Harness;
let trpc: (request: Request) => Promise<Response>;
let session: (request: Request) => Promise<Response>;
let server: Awaited<ReturnType<typeof serveRoutes>>;
let viewerToken: string;
let operatorToken: string;
let operatorCookie: string;

function spec(intent = "Make every test pass.") {
  return {
    intent,
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  };
}

function manifest(name: string, intent?: string, labels: Record<string, string> = {}) {
  return { apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name, labels }, spec: spec(intent) };
}

before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the routes use the process's one client
  trpc = (await import("../../app/api/trpc/[trpc]/route")).POST;
  session = (await import("../../app/api/session/route")).POST;
  server = await serveRoutes({ "/api/trpc": trpc, "/api/session": session });
  viewerToken = await createToken(harness.db, "vic-token", "viewer");
  operatorToken = await createToken(harness.db, "opal-token", "operator");
  await addUser(harness.db, { name: "opal", role: "operator", password: "operator password 1" }, "test");
  operatorCookie = await signIn("opal", "operator password 1");
  await harness.apply("target", spec());
});
after(async () => {
  await server?.close();
  await harness.close();
});

async function signIn(name: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const answer = await fetch(`${server.url}/api/session`, { method: "POST", body: new URLSearchParams({ name, password }), headers, redirect: "manual" });
  return (answer.headers.get("set-cookie") ?? "").split(";")[0];
}

function post(procedure: string, body: BodyInit, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/api/trpc/${procedure}`, { method: "POST", body, headers });
}

async function targetState() {
  const goal = await harness.goal("target");
  return { desired: goal.desired, phase: goal.phase, events: await harness.db.event.count({ where: { goalId: goal.id } }) };
}

test("a body past 8 MiB is refused with 413 as it streams in: the rest is never read", async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        // Far more than the limit: a server that read on would have to buffer all of it.
        if (pulled >= 64 * MiB) return controller.error(new Error("the server read 64 MiB of a body it should have refused at 8"));
        pulled += MiB;
        controller.enqueue(new Uint8Array(MiB).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  const answer = await trpc(
    new Request("http://localhost/api/trpc/spec.validate", {
      method: "POST",
      body: endless,
      duplex: "half",
      headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json" },
    } as RequestInit),
  );
  const body = await answer.json();
  assert.equal(answer.status, 413, JSON.stringify(body));
  assert.match(body.error.message, /larger than 8 MiB/);
  assert.equal(body.error.data.code, "PAYLOAD_TOO_LARGE");
  assert.ok(pulled <= 10 * MiB, `read ${pulled / MiB} MiB before refusing`);

  // A declared length past the limit is refused before a byte is read.
  let touched = false;
  const declared = await trpc(
    new Request("http://localhost/api/trpc/spec.validate", {
      method: "POST",
      duplex: "half",
      body: new ReadableStream(
        {
          pull() {
            touched = true;
          },
        },
        { highWaterMark: 0 },
      ),
      headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json", "content-length": String(300 * MiB) },
    } as RequestInit),
  );
  assert.equal(declared.status, 413);
  assert.equal(touched, false);
});

test("the reported goal (100,000 labels, a 20 MB intent) is refused at apply and nothing is stored; under the body limit, the fields are named", async () => {
  const labels = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`l${index}`, "v"]));
  const huge = await post("goals.applyManifests", JSON.stringify({ manifests: [manifest("huge", "x".repeat(20 * MiB), labels)] }), {
    authorization: `Bearer ${operatorToken}`,
    "content-type": "application/json",
  });
  assert.equal(huge.status, 413, await huge.text());

  const smaller = await post("goals.applyManifests", JSON.stringify({ manifests: [manifest("huge", "x".repeat(MiB), labels)] }), {
    authorization: `Bearer ${operatorToken}`,
    "content-type": "application/json",
  });
  const body = await smaller.json();
  assert.equal(smaller.status, 400, JSON.stringify(body).slice(0, 500));
  const issues = body.error.data.issues as { path: string; message: string }[];
  assert.deepEqual(issues, [
    { path: "metadata.labels", message: "must hold at most 64 labels, found 100,000" },
    { path: "spec.intent", message: "must be at most 65,536 characters (64 KiB): say what to achieve here, and keep long material in the repository" },
  ]);
  // So is Validate, which a viewer may use.
  const validated = await post("spec.validate", JSON.stringify({ manifest: manifest("huge", "x".repeat(MiB), labels) }), {
    authorization: `Bearer ${viewerToken}`,
    "content-type": "application/json",
  });
  assert.equal(validated.status, 400);
  assert.deepEqual(
    (await validated.json()).error.data.issues.map((issue: { path: string }) => issue.path),
    ["metadata.labels", "spec.intent"],
  );
  assert.equal(await harness.db.goal.count({ where: { name: "huge" } }), 0);
});

test("the CLI refuses a goal past the spec's bounds before it sends it, naming each field and its line", async () => {
  const goalFile = (name: string, labelCount: number, intentChars: number) => {
    const file = path.join(harness.dir, `${name}.yaml`);
    const labels = Array.from({ length: labelCount }, (_, index) => `    l${index}: v`).join("\n");
    fs.writeFileSync(
      file,
      `apiVersion: setpoint.dev/v1\nkind: Goal\nmetadata:\n  name: ${name}\n  labels:\n${labels}\nspec:\n  intent: ${"x".repeat(intentChars)}\n  workspace: { repo: /tmp }\n  agent: { executor: demo }\n  metrics: [{ metric: t.ok, target: "== 1" }]\n  evaluation: { layers: [{ name: t, run: "true" }] }\n`,
    );
    return path.basename(file); // the CLI runs in harness.dir
  };
  // The reported goal does not fit in a goal file at all.
  const reported = await cli(operatorToken, "apply", "-f", goalFile("huge-from-cli", 100_000, 20 * MiB));
  assert.equal(reported.code, 1);
  assert.match(reported.stderr, /huge-from-cli\.yaml: is larger than 1 MiB/);
  // One that does is checked against the spec's bounds (the YAML parser is slow on huge mappings, so 2,000 labels).
  const result = await cli(operatorToken, "apply", "-f", goalFile("big-from-cli", 2_000, 70 * 1024));
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, /big-from-cli\.yaml:5:\d+: metadata\.labels: must hold at most 64 labels, found 2,000/);
  assert.match(result.stderr, /big-from-cli\.yaml:2007:\d+: spec\.intent: must be at most 65,536 characters/);
  assert.equal(await harness.db.goal.count({ where: { name: { in: ["huge-from-cli", "big-from-cli"] } } }), 0);
});

test("an apply of goals that are each within bounds but past the body limit together is refused by the CLI before it sends, saying to batch", async () => {
  const folder = path.join(harness.dir, "many-wide");
  fs.mkdirSync(folder);
  const layers = Array.from({ length: 10 }, (_, index) => `      - { name: l${index}, run: "${"r".repeat(16_000)}" }`).join("\n");
  for (let index = 0; index < 40; index++) {
    fs.writeFileSync(
      path.join(folder, `wide-${index}.yaml`),
      `apiVersion: setpoint.dev/v1\nkind: Goal\nmetadata: { name: many-wide-${index} }\nspec:\n  intent: ${"x".repeat(60_000)}\n  workspace: { repo: /tmp }\n  agent: { executor: demo }\n  metrics: [{ metric: l0.ok, target: "== 1" }]\n  evaluation:\n    layers:\n${layers}\n`,
    );
  }
  const result = await cli(operatorToken, "apply", "-f", "many-wide");
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, /these 40 goals are 8\.\d MiB as JSON, and one apply may send at most 8 MiB: apply them in smaller batches; nothing was applied/);
  assert.equal(await harness.db.goal.count({ where: { name: { startsWith: "many-wide-" } } }), 0);
});

test("a batch of more than 10 calls is refused with 400 naming the limit; 10 are served", async () => {
  const batch = (calls: number) => {
    const paths = Array.from({ length: calls }, () => "goals.list").join(",");
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, index) => [index, {}]))));
    return fetch(`${server.url}/api/trpc/${paths}?batch=1&input=${input}`, { headers: { authorization: `Bearer ${viewerToken}` } });
  };
  const twenty = await batch(20);
  assert.equal(twenty.status, 400);
  assert.match((await twenty.json()).error.message, /at most 10 calls, found 20/);
  const encoded = await fetch(`${server.url}/api/trpc/${Array.from({ length: 11 }, () => "goals.list").join("%2C")}?batch=1`, {
    headers: { authorization: `Bearer ${viewerToken}` },
  });
  assert.equal(encoded.status, 400, "an encoded comma separates calls too");
  const ten = await batch(10);
  assert.equal(ten.status, 200);
  assert.equal((await ten.json()).length, 10);
});

test("goals.list answers a page at a time (keyset on the name), with a bounded limit; the CLI follows the pages to the end", async () => {
  await harness.db.$executeRawUnsafe(`
    INSERT INTO "Goal" (id, name, labels, spec, phase, "lastEventAt", "updatedAt")
    SELECT gen_random_uuid(), 'paged-' || lpad(n::text, 3, '0'), jsonb_build_object('team', CASE WHEN n % 2 = 0 THEN 'even' ELSE 'odd' END), g.spec, 'Paused', now(), now()
    FROM "Goal" g CROSS JOIN generate_series(1, 249) AS n WHERE g.name = 'target'`);
  const list = async (input: Record<string, unknown>) => {
    const answer = await fetch(`${server.url}/api/trpc/goals.list?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { authorization: `Bearer ${viewerToken}` },
    });
    return { status: answer.status, body: await answer.json() };
  };
  const first = await list({});
  assert.equal(first.body.result.data.goals.length, 100, "100 goals a page unless asked");
  const names: string[] = [];
  for (let cursor: string | undefined, pages = 0; ; pages++) {
    assert.ok(pages < 10, "the cursor ends");
    const page = await list({ limit: 120, cursor });
    names.push(...page.body.result.data.goals.map((goal: { metadata: { name: string } }) => goal.metadata.name));
    cursor = page.body.result.data.nextCursor;
    if (!cursor) break;
  }
  const expected = (await harness.db.goal.findMany({ orderBy: { name: "asc" }, select: { name: true } })).map((goal) => goal.name);
  assert.deepEqual(names, expected, "every goal once, in name order");
  const tooMany = await list({ limit: 501 });
  assert.equal(tooMany.status, 400);
  assert.match(JSON.stringify(tooMany.body), /limit.*must be at most 500/);
  const odd = await list({ label: "team=odd", limit: 50 });
  assert.equal(odd.body.result.data.goals.length, 50);
  assert.ok(odd.body.result.data.goals.every((goal: { metadata: { labels: { team: string } } }) => goal.metadata.labels.team === "odd"));

  const listed = await cli(viewerToken, "get", "goals", "-o", "json");
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((goal: { metadata: { name: string } }) => goal.metadata.name),
    expected,
    "the CLI lists every goal, as before",
  );
  const selected = await cli(viewerToken, "get", "goals", "-l", "team=even");
  assert.equal(selected.stdout.trim().split("\n").length - 1, 124, "a header and the 124 even goals");
});

test("a page stops early once its goals pass 2 MiB, so goals at the spec's limits cannot make a list huge", async () => {
  const intent = "y".repeat(60 * 1024);
  for (let index = 0; index < 40; index++) await harness.apply(`wide-${String(index).padStart(2, "0")}`, spec(intent));
  const answer = await fetch(`${server.url}/api/trpc/goals.list?input=${encodeURIComponent(JSON.stringify({ limit: 500 }))}`, {
    headers: { authorization: `Bearer ${viewerToken}` },
  });
  const text = await answer.text();
  const page = JSON.parse(text).result.data;
  assert.ok(text.length < 2.2 * MiB, `a page of ${(text.length / MiB).toFixed(1)} MiB`);
  assert.ok(page.goals.length < (await harness.db.goal.count()), "the page ended before the last goal");
  assert.equal(page.nextCursor, page.goals.at(-1).metadata.name, "and says where the next one starts");
});

test("with the session cookie, another site's request is refused (403) and changes nothing; the dashboard's own requests work", async () => {
  const before = await targetState();
  const json = JSON.stringify({ name: "target" });
  const cookie = { cookie: operatorCookie };
  const refused: [string, Record<string, string>, BodyInit][] = [
    ["a cross-site fetch (Origin)", { ...cookie, origin: EVIL, "content-type": "application/json" }, json],
    [
      "a cross-site form (Sec-Fetch-Site)",
      { ...cookie, "sec-fetch-site": "cross-site", origin: EVIL, "content-type": "application/x-www-form-urlencoded" },
      "name=target",
    ],
    ["a sibling site's page", { ...cookie, "sec-fetch-site": "same-site", origin: "http://other.127.0.0.1.nip.io", "content-type": "application/json" }, json],
    ["an opaque origin", { ...cookie, origin: "null", "content-type": "application/json" }, json],
  ];
  for (const [what, headers, body] of refused) {
    const answer = await post("goals.pause", body, headers);
    const text = await answer.text();
    assert.equal(answer.status, 403, `${what}: ${text}`);
    assert.match(text, /cross-site request/);
  }
  // Only JSON, whoever sends it: a form or a file upload is not how the dashboard or the CLI talk.
  const form = new FormData();
  form.set("name", "target");
  for (const body of [form, new URLSearchParams({ name: "target" }), new Blob(['{"name":"target"}'], { type: "text/plain" })]) {
    const answer = await post("goals.pause", body, cookie);
    assert.equal(answer.status, 415, await answer.text());
  }
  assert.deepEqual(await targetState(), before, "nothing changed");

  const own = await post("goals.pause", json, { ...cookie, origin: server.url, "sec-fetch-site": "same-origin", "content-type": "application/json" });
  assert.equal(own.status, 200, await own.text());
  assert.equal((await targetState()).desired, "Pause");
  const resumed = await cli(operatorToken, "resume", "target");
  assert.equal(resumed.code, 0, `the CLI's token works without an Origin: ${resumed.stderr}`);
  assert.equal((await targetState()).desired, "Run");
});

test("another site's form cannot sign a browser in or out; the sign-in page's own form still can", async () => {
  await addUser(harness.db, { name: "mallory", role: "viewer", password: "mallory password 1" }, "test");
  const sessions = () => harness.db.session.count();
  const before = await sessions();
  const crossSite = { origin: EVIL, "sec-fetch-site": "cross-site" };
  const login = await fetch(`${server.url}/api/session`, {
    method: "POST",
    body: new URLSearchParams({ name: "mallory", password: "mallory password 1" }),
    headers: crossSite,
    redirect: "manual",
  });
  assert.equal(login.status, 403, await login.text());
  assert.equal(login.headers.get("set-cookie"), null);
  assert.equal(await sessions(), before, "no session was created");

  const signOut = await fetch(`${server.url}/api/session`, {
    method: "POST",
    body: new URLSearchParams({ action: "sign-out" }),
    headers: { ...crossSite, cookie: operatorCookie },
    redirect: "manual",
  });
  assert.equal(signOut.status, 403);
  assert.equal(await sessions(), before, "no session was ended");
  const stillIn = await fetch(`${server.url}/api/trpc/users.me`, { headers: { cookie: operatorCookie } });
  assert.equal(stillIn.status, 200, "still signed in");

  // The form as Chromium sends it from the sign-in page: same origin, urlencoded.
  const own = await signIn("mallory", "mallory password 1", { origin: server.url, "sec-fetch-site": "same-origin" });
  assert.match(own, /^setpoint_session=sps_/);
  const upload = new FormData();
  upload.set("name", "mallory");
  upload.set("password", "mallory password 1");
  const multipart = await fetch(`${server.url}/api/session`, { method: "POST", body: upload, redirect: "manual" });
  assert.equal(multipart.status, 415);
  const oversized = await fetch(`${server.url}/api/session`, {
    method: "POST",
    body: new URLSearchParams({ name: "mallory", password: "p".repeat(20_000) }),
    redirect: "manual",
  });
  assert.equal(oversized.status, 413);
});

async function cli(token: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), ...args], {
      cwd: harness.dir,
      env: { ...process.env, SETPOINT_URL: server.url, SETPOINT_TOKEN: token },
      maxBuffer: 64 * MiB,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

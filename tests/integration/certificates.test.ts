// Certificates of convergence through the real loop, API, routes and CLI: a converged goal's certificate is
// signed and stored, verifies offline, fails when a byte changes or another installation's key is used, and
// is superseded (never inherited) when the goal is re-run, drifts or gets a new spec.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { canonicalSha256 } from "../../server/certificates/canonical-json";
import { keyFile, newSigningKeyText, publicKeyPem, signingKey, signingKeyFrom } from "../../server/certificates/signing-key";
import { verifyCertificate } from "../../server/certificates/verify-certificate";
import { runGit } from "../../server/workspace/run-git";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };
let reviewerToken: string;
let routes: {
  publicKey: () => Response;
  download: (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
};

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  reviewerToken = await createToken(harness.db, "reviewer", "approver");
  process.env.DATABASE_URL = harness.url; // the routes use the process's one client
  routes = {
    publicKey: (await import("../../app/api/certificates/public-key/route")).GET,
    download: (await import("../../app/api/certificates/[id]/route")).GET,
  };
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

// A repository holding value.txt = 0, a shared folder outside it requiring 1, and a spec whose agent copies
// the requirement in and whose layer checks it: a loop that converges in one iteration, in seconds.
async function valueGoal(name: string, overrides: Record<string, unknown> = {}) {
  const shared = path.join(harness.dir, `${name}-shared`);
  fs.mkdirSync(shared, { recursive: true });
  fs.writeFileSync(path.join(shared, "required.txt"), "1\n");
  fs.writeFileSync(path.join(shared, "check.sh"), `test "$(cat value.txt)" = "$(cat '${shared}/required.txt')"\n`);
  const repo = await harness.gitRepo(`${name}-repo`, { "value.txt": "0\n" });
  const spec = (more: Record<string, unknown> = {}) => ({
    intent: "value.txt holds what the shared folder requires",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: `cp '${shared}/required.txt' value.txt`, model: "copy-1" },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: {
      layers: [
        { name: "check", run: `sh '${shared}/check.sh'`, parse: "exit-code" },
        { name: "scope", policy: { forbidPaths: ["secrets/**"] } },
      ],
    },
    ...overrides,
    ...more,
  });
  await harness.apply(name, spec());
  return { shared, repo, spec };
}

async function converged(name: string) {
  const goal = await harness.waitForPhase(name, ["Converged", "Stalled", "Exhausted", "Failed"], 90_000);
  assert.equal(goal.phase, "Converged", `${goal.reason}: ${goal.message}`);
  return goal;
}

async function certificates(name: string) {
  const goal = await harness.goal(name);
  return harness.db.certificate.findMany({ where: { goalId: goal.id }, orderBy: { createdAt: "asc" } });
}

function fileOf(row: { payload: string; signature: string; keyId: string }): string {
  return JSON.stringify(
    {
      apiVersion: "setpoint.dev/v1",
      kind: "Certificate",
      certificate: JSON.parse(row.payload),
      signature: { algorithm: "Ed25519", keyId: row.keyId, value: row.signature },
    },
    null,
    2,
  );
}

async function trpc(procedure: string, input: unknown, token = api.token, mutation = false) {
  const url = `${api.url}/api/trpc/${procedure}${mutation ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;
  const response = await fetch(
    url,
    mutation
      ? { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(input) }
      : { headers: { authorization: `Bearer ${token}` } },
  );
  return { status: response.status, body: await response.json() };
}

function cli(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), ...args], {
      cwd: harness.dir,
      env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

test("a converged goal's certificate is signed with the installation's key and says what was measured", async () => {
  await valueGoal("signed");
  const goal = await converged("signed");
  const [row, ...more] = await certificates("signed");
  assert.equal(more.length, 0, "one convergence, one certificate");
  assert.equal(row.supersededAt, null, "it is current");
  const event = await harness.db.event.findFirst({ where: { goalId: goal.id, type: "Converged" }, orderBy: { id: "desc" } });
  assert.deepEqual(event?.data, { iteration: row.iteration, certificate: row.id }, "the Converged event names its certificate");
  const verdict = verifyCertificate(fileOf(row), signingKey().publicKey);
  assert.ok(verdict.valid, JSON.stringify(verdict));
  const certificate = verdict.certificate;
  const tree = (await runGit(["rev-parse", `${goal.acceptedCommit}^{tree}`], { cwd: path.join(harness.dir, "signed-repo") })).stdout.trim();
  assert.deepEqual(certificate.goal, { name: "signed", generation: 1, specSha256: canonicalSha256(goal.spec) });
  assert.deepEqual(certificate.commit, { sha: goal.acceptedCommit, tree, base: goal.baseCommit });
  assert.equal(certificate.iteration.number, goal.bestIteration);
  assert.deepEqual(certificate.targets, [{ metric: "check.ok", target: "== 1", value: 1 }]);
  const check = certificate.layers.find((layer) => layer.name === "check")!;
  assert.match(check.command ?? "", /check\.sh'$/);
  assert.deepEqual([check.ok, check.exitCode, check.metrics["check.ok"]], [true, 0, 1]);
  assert.deepEqual(certificate.layers.find((layer) => layer.name === "scope")!.policy, { forbidPaths: ["secrets/**"] });
  assert.deepEqual(certificate.maker, {
    executor: "command",
    model: "copy-1",
    command: `cp '${path.join(harness.dir, "signed-shared")}/required.txt' value.txt`,
  });
  assert.deepEqual(certificate.checkers, []);
  assert.deepEqual(certificate.approvals, [], "the spec asks for none");
  assert.deepEqual(certificate.measuredFiles, []);
  assert.equal(row.commit, goal.acceptedCommit);
  assert.equal(row.keyId, signingKey().keyId);
  // Without SETPOINT_SIGNING_KEY, the key was made in the data folder on first use, readable by its owner only.
  if (!process.env.SETPOINT_SIGNING_KEY) assert.equal(fs.statSync(keyFile()).mode & 0o777, 0o600);
});

test("a byte changed in a stored certificate, or another installation's key, and it does not verify", async () => {
  const [row] = await certificates("signed");
  const file = fileOf(row);
  const changed = file.replace(/"exitCode": 0/, '"exitCode": 1');
  assert.notEqual(changed, file);
  assert.equal((verifyCertificate(changed, signingKey().publicKey) as { problem: string }).problem, "bad signature");
  const other = signingKeyFrom(newSigningKeyText(), "another installation");
  assert.equal((verifyCertificate(file, other.publicKey) as { problem: string }).problem, "unknown key");
});

test("the API lists a goal's certificates; the public key is served to anyone; a download needs a sign-in", async () => {
  const listed = await trpc("goals.certificates", { name: "signed" });
  assert.equal(listed.status, 200);
  const [current] = listed.body.result.data;
  assert.equal(current.current, true);
  assert.equal(current.document.kind, "Certificate");
  assert.equal(verifyCertificate(JSON.stringify(current.document), signingKey().publicKey).valid, true);
  assert.equal((await trpc("goals.certificates", { name: "no-such-goal" })).status, 404);

  const key = routes.publicKey();
  assert.equal(key.status, 200);
  const pem = await key.text();
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  assert.equal(pem, publicKeyPem());
  assert.equal(key.headers.get("x-setpoint-key-id"), signingKey().keyId);

  const download = (headers: Record<string, string>, id = current.id) =>
    routes.download(new Request(`http://localhost/api/certificates/${id}`, { headers }), { params: Promise.resolve({ id }) });
  const stranger = await download({});
  assert.equal(stranger.status, 401);
  assert.match((await stranger.json()).error.message, /sign in first/);
  assert.equal((await download({ authorization: "Bearer spt_made-up" })).status, 401);
  const viewer = await createToken(harness.db, "vera", "viewer");
  const file = await download({ authorization: `Bearer ${viewer}` });
  assert.equal(file.status, 200);
  assert.equal(file.headers.get("content-disposition"), 'attachment; filename="signed-generation-1-iteration-1.certificate.json"');
  assert.equal(verifyCertificate(await file.text(), signingKey().publicKey).valid, true);
  assert.equal((await download({ authorization: `Bearer ${viewer}` }, "6f1c2b9e-7d4a-4f0e-9a51-3c2d1e0f9b8a")).status, 404);
  assert.equal((await download({ authorization: `Bearer ${viewer}` }, "../../etc/passwd")).status, 404);
});

test("setpoint certificate prints it; setpoint verify exits 0 when it is valid and 1 when it is not, saying why", async () => {
  const shown = await cli(["certificate", "signed"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^Status: +current$/m);
  assert.match(shown.stdout, /^Goal: +signed, generation 1/m);
  const json = await cli(["certificate", "signed", "-o", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const file = path.join(harness.dir, "signed.certificate.json");
  fs.writeFileSync(file, json.stdout);
  const goal = await harness.goal("signed");

  const valid = await cli(["verify", file]);
  assert.equal(valid.code, 0, valid.stderr);
  assert.match(valid.stdout, /^valid: signed by sha256:[0-9a-f]{64}, unchanged since$/m);
  assert.match(valid.stdout, new RegExp(`^Commit: +${goal.acceptedCommit}$`, "m"));
  assert.match(valid.stdout, /^Layers: +check: passed, exit 0 `sh '.*check\.sh'` \(exit-code\)$/m);

  const pemFile = path.join(harness.dir, "key.pem");
  fs.writeFileSync(pemFile, publicKeyPem());
  assert.equal((await cli(["verify", file, "--public-key", "-"], publicKeyPem())).code, 0, "the key on stdin");
  assert.equal((await cli(["verify", "-", "--public-key", pemFile], json.stdout)).code, 0, "the certificate on stdin");

  const tampered = path.join(harness.dir, "tampered.json");
  fs.writeFileSync(tampered, json.stdout.replace(`"generation": 1`, `"generation": 2`));
  const bad = await cli(["verify", tampered]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error: invalid certificate \(bad signature\): the signature does not match the certificate's contents/m);
  assert.equal(bad.stdout, "");

  const otherPem = path.join(harness.dir, "other.pem");
  fs.writeFileSync(otherPem, publicKeyPem(signingKeyFrom(newSigningKeyText(), "other")));
  const foreign = await cli(["verify", file, "--public-key", otherPem]);
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /invalid certificate \(unknown key\): it names the key sha256:[0-9a-f]{64}, not the one given/);

  const truncated = path.join(harness.dir, "truncated.json");
  fs.writeFileSync(truncated, json.stdout.slice(0, 200));
  const malformed = await cli(["verify", truncated]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /invalid certificate \(malformed\): it is not JSON/);
  const notAKey = await cli(["verify", file, "--public-key", file]);
  assert.equal(notAKey.code, 1);
  assert.match(notAKey.stderr, /--public-key .*signed\.certificate\.json is not an Ed25519 public key/);
  assert.match((await cli(["verify", "missing.json"])).stderr, /^error: missing\.json: no such file or folder$/m);

  await harness.apply("never-converged", {
    intent: "x",
    workspace: { repo: "/nowhere" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  });
  const none = await cli(["certificate", "never-converged"]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /goal 'never-converged' has no certificate: one is signed when it converges/);
});

test("a re-run supersedes the certificate; the goal measures again and signs a new one; the old one stays verifiable history", async () => {
  await valueGoal("rerun");
  await converged("rerun");
  assert.equal((await trpc("goals.rerun", { name: "rerun" }, api.token, true)).status, 200);
  const [old] = await certificates("rerun");
  assert.ok(old.supersededAt, "superseded in the re-run's own transaction");
  assert.equal(old.supersededReason, "Rerun");
  await harness.waitFor("a second certificate", async () => (await certificates("rerun")).length === 2);
  const goal = await converged("rerun");
  const [first, second] = await certificates("rerun");
  assert.equal(second.supersededAt, null, "the new one is current");
  assert.ok(second.iteration > first.iteration, "from the re-run's own measurement, not the old one");
  assert.equal(second.commit, goal.acceptedCommit);
  for (const row of [first, second]) assert.equal(verifyCertificate(fileOf(row), signingKey().publicKey).valid, true);
  const shown = await cli(["certificate", "rerun"]);
  assert.match(shown.stdout, /^Status: +current$/m);
});

test("an approval is bound to the commit and spec it approved: a spec change supersedes the certificate and asks again", async () => {
  const { spec } = await valueGoal("approved", { approval: { policy: "on-converge" } });
  const gate = await harness.waitForPhase("approved", ["AwaitingApproval", "Converged", "Failed"], 90_000);
  assert.equal(gate.phase, "AwaitingApproval");
  assert.equal((await certificates("approved")).length, 0, "no certificate before a person approves");
  assert.equal((await trpc("goals.approve", { name: "approved", iteration: gate.currentIteration }, reviewerToken, true)).status, 200);
  const goal = await converged("approved");
  const [first] = await certificates("approved");
  const approvals = (JSON.parse(first.payload) as { approvals: unknown[] }).approvals;
  assert.deepEqual(approvals, [
    { iteration: gate.currentIteration, commit: goal.acceptedCommit, by: "reviewer", at: (approvals[0] as { at: string }).at, comment: null },
  ]);

  await harness.apply("approved", spec({ intent: "value.txt holds what the shared folder requires, and nothing else" }));
  const [superseded] = await certificates("approved");
  assert.equal(superseded.supersededReason, "SpecChanged");
  const again = await harness.waitForPhase("approved", ["AwaitingApproval", "Converged", "Failed"], 90_000);
  assert.equal(again.phase, "AwaitingApproval", "the old approval is not inherited by the new spec");
  assert.ok(again.currentIteration! > gate.currentIteration!, "the commit is measured again under generation 2");
  assert.equal((await certificates("approved")).length, 1);
  assert.equal((await trpc("goals.approve", { name: "approved", iteration: again.currentIteration }, reviewerToken, true)).status, 200);
  await converged("approved");
  const [, second] = await certificates("approved");
  const payload = JSON.parse(second.payload) as { goal: { generation: number }; approvals: { iteration: number }[] };
  assert.equal(payload.goal.generation, 2);
  assert.deepEqual(
    payload.approvals.map((approval) => approval.iteration),
    [again.currentIteration],
  );
});

test("a drift found by a resync supersedes the certificate; converging again signs a new one", async () => {
  const { shared } = await valueGoal("drifts", { triggers: { schedule: "0 0 1 1 *" } });
  await converged("drifts");
  fs.writeFileSync(path.join(shared, "required.txt"), "2\n");
  await harness.db.goal.update({ where: { name: "drifts" }, data: { nextResyncAt: new Date(Date.now() - 1000) } });
  await harness.waitFor("the drift to supersede the certificate", async () => (await certificates("drifts"))[0].supersededAt !== null);
  assert.equal((await certificates("drifts"))[0].supersededReason, "Drifted");
  await harness.waitFor("a new certificate", async () => (await certificates("drifts")).length === 2);
  const [, second] = await certificates("drifts");
  assert.equal(second.supersededAt, null);
});

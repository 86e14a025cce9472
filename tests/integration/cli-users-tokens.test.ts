// An admin manages people and API tokens from the CLI, against a real server and database.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { signInWithPassword } from "../../server/auth/sessions";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };

before(async () => {
  harness = await startHarness();
  // The CLI acts as a person: an admin's own token (tokens are made by, and act as, people).
  api = { url: (await harness.serveApi()).url, token: (await harness.person("tess", "admin")).token };
});
after(async () => {
  await harness.close();
});

function cli(args: string[], options: { token?: string; stdin?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(ROOT, "bin/setpoint.mjs"), ...args],
      {
        cwd: harness.dir,
        env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: options.token ?? api.token },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.stdin ?? "");
  });
}

test("user add prints a generated password once, and that person can sign in with it", async () => {
  const added = await cli(["user", "add", "bob", "--role", "approver"]);
  assert.equal(added.code, 0, added.stderr);
  const password = added.stdout.match(/password: (\S+)/)?.[1];
  assert.ok(password, added.stdout);
  assert.ok("token" in (await signInWithPassword(harness.db, "bob", password)));
  const listed = await cli(["user", "list"]);
  assert.match(listed.stdout, /^bob\s+approver\s+1\s/m);
  assert.equal(listed.stdout.includes(password), false);
});

test("a password from standard input is used as given; a short one is refused naming the field", async () => {
  const added = await cli(["user", "add", "carol", "--role", "viewer", "--password-stdin"], { stdin: "a long enough passphrase\n" });
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout.includes("password:"), false);
  assert.ok("token" in (await signInWithPassword(harness.db, "carol", "a long enough passphrase")));
  const short = await cli(["user", "passwd", "carol", "--password-stdin"], { stdin: "short" });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /password: must be at least 12 characters/);
});

test("bad names and roles are refused with the field and what was expected", async () => {
  const role = await cli(["user", "add", "dave", "--role", "wizard"]);
  assert.equal(role.code, 1);
  assert.match(role.stderr, /role: must be one of: viewer, operator, approver, admin/);
  const name = await cli(["user", "add", "../etc", "--role", "viewer"]);
  assert.equal(name.code, 1);
  assert.match(name.stderr, /name: must be lowercase letters/);
  const twice = await cli(["user", "add", "bob", "--role", "viewer"]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /user 'bob' already exists/);
});

test("only an admin manages users and tokens: an operator is told what its role lacks", async () => {
  const operator = await createToken(harness.db, "op", "operator");
  const answer = await cli(["user", "list"], { token: operator });
  assert.equal(answer.code, 1);
  assert.match(answer.stderr, /not allowed: your role 'operator' may not manage users, tokens and settings: that needs the admin role/);
});

test("a token is shown once, works with its role, is listed without its value, and stops working when revoked", async () => {
  const created = await cli(["token", "create", "ci", "--role", "operator", "--expires", "7"]);
  assert.equal(created.code, 0, created.stderr);
  const token = created.stdout.match(/^(spt_\S+)$/m)?.[1];
  assert.ok(token, created.stdout);
  assert.match(created.stdout, /it acts as tess/);
  const me = await cli(["whoami"], { token });
  assert.equal(me.stdout.trim(), "tess (operator, by API token 'ci')");
  const listed = await cli(["token", "list"]);
  assert.match(listed.stdout, /^ci\s+operator\s+active\s+\S+\s+\S+( ago)?\s+tess\s/m);
  assert.equal(listed.stdout.includes(token), false);
  const stored = await harness.db.apiToken.findFirstOrThrow({ where: { name: "ci" } });
  assert.notEqual(stored.tokenHash, token);
  const used = await harness.db.event.findMany({ where: { type: "TokenUsed", actor: "tess", data: { path: ["token"], equals: "ci" } } });
  assert.equal(used.length, 1, "the token's first use is an audit event");
  const twice = await cli(["token", "create", "ci", "--role", "admin"]);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /a live token named 'ci' exists/);
  const person = await cli(["token", "create", "bob", "--role", "approver"]);
  assert.equal(person.code, 1);
  assert.match(person.stderr, /'bob' is a user's name/);
  assert.equal((await cli(["token", "revoke", "ci"])).stdout.trim(), "revoked 1 token");
  const after = await cli(["whoami"], { token });
  assert.equal(after.code, 1);
  assert.match(after.stderr, /refused the token/);
  const audit = await harness.db.event.findMany({ where: { type: { in: ["TokenCreated", "TokenRevoked", "UserAdded"] } }, orderBy: { id: "asc" } });
  assert.ok(audit.some((event) => event.type === "TokenRevoked" && event.actor === "tess"));
});

test("an expired token is refused", async () => {
  const token = await createToken(harness.db, "old", "viewer", new Date(Date.now() - 1000));
  const answer = await cli(["whoami"], { token });
  assert.equal(answer.code, 1);
  assert.match(answer.stderr, /refused the token/);
});

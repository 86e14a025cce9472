import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { after, before, test } from "node:test";
import { openSecret } from "../../server/secrets/secret-box";
import { AGENTS, calculatorSpec, ROOT, startHarness, type Harness } from "../helpers/loop-harness";
import { revealsSecret } from "../helpers/reveals-secret";

// One key for this process (the API seals, the in-process runner opens), never the repository's data folder.
process.env.SETPOINT_SECRET_KEY = crypto.randomBytes(32).toString("base64");
// The runner's own environment: one variable the spec passes on, one it does not.
process.env.PASSED_VAR = "passed-value";
process.env.UNLISTED_VAR = "unlisted-value";

const TOKEN = `tok-${crypto.randomBytes(12).toString("hex")}`;
const OTHER = `other-${crypto.randomBytes(12).toString("hex")}`;

let harness: Harness;
let api: { url: string; token: string };
before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

function cli(args: string[], input: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), ...args], {
      cwd: harness.dir,
      env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function call(procedure: string, input: unknown, token = api.token, method: "GET" | "POST" = "POST") {
  const url = `${api.url}/api/trpc/${procedure}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ""}`;
  const response = await fetch(url, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(method === "POST" ? { body: JSON.stringify(input) } : {}),
  });
  return { status: response.status, text: await response.text() };
}

// Every live tail written while a goal runs, read every 100 ms until stopped.
function watchLiveOutput(): { stop: () => Promise<string[]> } {
  const seen: string[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const row of await harness.db.liveOutput.findMany()) seen.push(row.text);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      watching = false;
      await watcher;
      return seen;
    },
  };
}

const ENV_LAYER = `printf 'token=%s other=%s passed=%s unlisted=%s credential=%s\\n' "$API_TOKEN" "$OTHER_TOKEN" "$PASSED_VAR" "\${UNLISTED_VAR-absent}" "\${SETPOINT_TEST_PG_URL-absent}"; sleep 1.5`;

test("a goal's commands see its secrets and the variables env.pass lists, no other runner variable, and every stored text shows *** instead of a secret", async () => {
  const repo = await harness.sampleRepo("leaky");
  await harness.apply(
    "leaky",
    calculatorSpec(repo, {
      // An agent that prints the secret, raw and in base64, and changes nothing.
      agent: { executor: "command", command: `echo "agent saw $API_TOKEN"; printf '%s' "$API_TOKEN" | base64`, timeoutSeconds: 60 },
      env: { pass: ["PASSED_VAR"] },
      evaluation: {
        layers: [
          { name: "tests", run: "npm test --silent", parse: "tap" },
          { name: "lint", run: "npm run lint --silent" },
          { name: "env", run: ENV_LAYER },
        ],
      },
      stop: { maxIterations: 3, stallIterations: 1 },
    }),
  );
  const set = await cli(["secret", "set", "leaky", "API_TOKEN"], `${TOKEN}\n`);
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stdout, /secret API_TOKEN set on goal.setpoint.dev\/leaky/);
  const fromEnv = await cli(["secret", "set", "leaky", "OTHER_TOKEN", "--from-env", "MY_OTHER"], "", { MY_OTHER: OTHER });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);

  // Watch the live tails while it runs: none may ever hold a secret.
  const live = watchLiveOutput();
  await harness.startRunner();
  const goal = await harness.waitForPhase("leaky", ["Stalled", "Exhausted", "Failed", "Converged"], 90_000);
  const seenLive = await live.stop();
  assert.equal(goal.phase, "Stalled", goal.message);

  const iterations = await harness.iterations("leaky");
  assert.equal(iterations.length, 2, "the baseline and one iteration that changed nothing");
  const layers = await harness.db.layerResult.findMany({ where: { name: "env", iterationId: { in: iterations.map((row) => row.id) } } });
  assert.equal(layers.length, 2);
  for (const layer of layers) {
    assert.equal(layer.log.split("\n")[0], "token=*** other=*** passed=passed-value unlisted=absent credential=absent");
  }
  assert.match(iterations[1].agentOutput, /agent saw \*\*\*\n\*\*\*/);
  assert.ok(
    seenLive.some((text) => text.includes("token=***")),
    "the env layer's live tail was seen while it ran",
  );

  const events = await harness.db.event.findMany({ where: { goalName: "leaky" } });
  const stored = [
    ...iterations.flatMap((row) => [row.prompt, row.agentOutput, row.agentError ?? "", row.diff]),
    ...layers.map((layer) => `${layer.log}${layer.comments ?? ""}`),
    ...events.map((event) => `${event.message} ${JSON.stringify(event.data)}`),
    ...seenLive,
  ].join("\n");
  for (const secret of [TOKEN, OTHER, Buffer.from(TOKEN).toString("base64")]) assert.ok(!stored.includes(secret), `a stored text holds ${secret}`);

  const audit = events.filter((event) => event.type === "SecretSet");
  assert.deepEqual(
    audit.map((event) => [event.actor, event.message]),
    [
      ["tester", "secret API_TOKEN set by tester; iterations from the next one on see it"],
      ["tester", "secret OTHER_TOKEN set by tester; iterations from the next one on see it"],
    ],
  );
});

test("secrets are stored encrypted, and a key other than the one they were sealed with fails saying so", async () => {
  const goal = await harness.goal("leaky");
  const row = await harness.db.goalSecret.findUniqueOrThrow({ where: { goalId_name: { goalId: goal.id, name: "API_TOKEN" } } });
  assert.ok(!row.ciphertext.includes(TOKEN) && !row.ciphertext.includes(Buffer.from(TOKEN).toString("base64")));
  assert.equal(openSecret(row.ciphertext), TOKEN);
  assert.throws(() => openSecret(row.ciphertext, crypto.randomBytes(32)), /cannot be decrypted: SETPOINT_SECRET_KEY differs from the key it was sealed with/);
  assert.equal(row.updatedBy, "tester");
});

test("a secret list gives names, times and who set them, never a value, to anyone who may read", async () => {
  const viewer = await (await import("../../server/auth/api-tokens")).createToken(harness.db, "viewer-1", "viewer");
  const listed = await call("secrets.list", { name: "leaky" }, viewer, "GET");
  assert.equal(listed.status, 200, listed.text);
  assert.ok(!listed.text.includes(TOKEN) && !listed.text.includes(OTHER));
  const secrets = JSON.parse(listed.text).result.data as Record<string, unknown>[];
  assert.deepEqual(
    secrets.map((each) => Object.keys(each).sort()),
    [
      ["name", "updatedAt", "updatedBy"],
      ["name", "updatedAt", "updatedBy"],
    ],
  );
  assert.deepEqual(
    secrets.map((each) => each.name),
    ["API_TOKEN", "OTHER_TOKEN"],
  );

  const shown = await cli(["secret", "list", "leaky"], "");
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^NAME\s+UPDATED\s+BY\nAPI_TOKEN\s+\d+[smhd]\s+tester\nOTHER_TOKEN/);

  const refused = await call("secrets.set", { name: "leaky", secret: "API_TOKEN", value: "stolen-value" }, viewer);
  assert.equal(refused.status, 403, refused.text);
});

test("bad secret names and values are refused with 400 naming the field; a missing goal or secret is 404", async () => {
  const cases: [unknown, RegExp][] = [
    [{ name: "leaky", secret: "1BAD", value: "abcd" }, /secret.*environment variable name/],
    [{ name: "leaky", secret: "SETPOINT_SECRET_KEY", value: "abcd" }, /SETPOINT_/],
    [{ name: "leaky", secret: "PATH", value: "/tmp/evil" }, /base variables/],
    [{ name: "leaky", secret: "OK", value: "" }, /must not be empty/],
    [{ name: "leaky", secret: "OK", value: "x".repeat(64 * 1024 + 1) }, /64 KiB/],
    [{ name: "leaky", secret: "OK", value: "a\u0000b" }, /NUL/],
  ];
  for (const [input, message] of cases) {
    const answer = await call("secrets.set", input);
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.text, message);
  }
  assert.equal((await call("secrets.set", { name: "nowhere", secret: "OK", value: "abcd" })).status, 404);
  assert.equal((await call("secrets.delete", { name: "leaky", secret: "NEVER_SET" })).status, 404);
  const big = await call("secrets.set", { name: "leaky", secret: "BIG", value: "x".repeat(64 * 1024) });
  assert.equal(big.status, 200, "64 KiB exactly is allowed");

  const emptyStdin = await cli(["secret", "set", "leaky", "EMPTY"], "");
  assert.equal(emptyStdin.code, 1);
  assert.match(emptyStdin.stderr, /value is empty/);
});

test("deleting a secret removes it and records who deleted it", async () => {
  const deleted = await cli(["secret", "delete", "leaky", "OTHER_TOKEN"], "");
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.match(deleted.stdout, /secret OTHER_TOKEN deleted from goal.setpoint.dev\/leaky/);
  const goal = await harness.goal("leaky");
  assert.equal(await harness.db.goalSecret.count({ where: { goalId: goal.id, name: "OTHER_TOKEN" } }), 0);
  const event = await harness.db.event.findFirstOrThrow({ where: { goalId: goal.id, type: "SecretDeleted" } });
  assert.equal(event.actor, "tester");
  assert.equal(event.message, "secret OTHER_TOKEN deleted by tester");
});

test("apply --paused creates a goal that waits, so its secrets can be set before its first command runs", async () => {
  const repo = await harness.sampleRepo("later");
  const file = path.join(harness.dir, "later.yaml");
  const manifest = { apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "later" }, spec: calculatorSpec(repo) };
  (await import("node:fs")).writeFileSync(file, JSON.stringify(manifest));
  const applied = await cli(["apply", "-f", file, "--paused"], "");
  assert.equal(applied.code, 0, applied.stderr);
  const paused = await harness.goal("later");
  assert.deepEqual([paused.phase, paused.reason], ["Paused", "AppliedPaused"]);
  assert.equal(await harness.db.iteration.count({ where: { goalId: paused.id } }), 0, "nothing ran");
  assert.equal((await cli(["secret", "set", "later", "API_TOKEN"], "a-secret-for-later")).code, 0);
  const resumed = await cli(["resume", "later"], "");
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.notEqual((await harness.goal("later")).phase, "Paused");
});

// Every character the encodings treat specially, so each encoding differs from the raw value.
const CANARY = `Cn4ry/+= "q" \\ <&> !*(x) é-${crypto.randomBytes(9).toString("hex")}`;

test("a secret an agent and its layers print base64 at any alignment, URL-encoded, in hex, JSON-escaped or split by colour codes is masked in everything stored", async () => {
  const repo = await harness.sampleRepo("encoded-leak");
  const leaker = path.join(AGENTS, "leaks-secret.mjs");
  const manifest = {
    apiVersion: "setpoint.dev/v1",
    kind: "Goal",
    metadata: { name: "encoded-leak" },
    spec: {
      intent: "Leak the canary.",
      workspace: { repo, ref: "main" },
      agent: { executor: "command", command: `node ${leaker}`, timeoutSeconds: 60 },
      metrics: [{ metric: "leaks.exit_code", target: "== 0" }],
      evaluation: {
        layers: [
          { name: "leaks", run: `node ${leaker} layer` },
          // Setpoint's own note quotes a JSON field that is not a number: JSON-escaped.
          { name: "json", run: `node -e 'console.log(JSON.stringify({ token: process.env.CANARY }))'`, parse: "json", fields: { token: "token" } },
        ],
      },
      stop: { maxIterations: 2, stallIterations: 5 },
    },
  };
  const file = path.join(harness.dir, "encoded-leak.yaml");
  (await import("node:fs")).writeFileSync(file, JSON.stringify(manifest));
  assert.equal((await cli(["apply", "-f", file, "--paused"], "")).code, 0);
  assert.equal((await cli(["secret", "set", "encoded-leak", "CANARY"], CANARY)).code, 0);

  const live = watchLiveOutput();
  assert.equal((await cli(["resume", "encoded-leak"], "")).code, 0);
  const goal = await harness.waitForPhase("encoded-leak", ["Stalled", "Exhausted", "Failed", "Converged"], 120_000);
  const seenLive = await live.stop();
  assert.equal(goal.phase, "Exhausted", goal.message);

  const iterations = await harness.iterations("encoded-leak");
  const layers = await harness.db.layerResult.findMany({ where: { iterationId: { in: iterations.map((row) => row.id) } } });
  const events = await harness.db.event.findMany({ where: { goalName: "encoded-leak" } });
  // What the test can see was leaked, so the search below is looking at the right texts.
  assert.ok(
    iterations.some((row) => row.diff.includes("leak.txt")),
    "the agent's file is in a diff",
  );
  assert.ok(
    iterations.some((row) => row.prompt.includes("colours")),
    "a failing layer's log reached a prompt",
  );
  assert.ok(
    layers.some((layer) => layer.log.includes("field 'token' (for 'token') is \"")),
    "the json layer quoted the field",
  );
  assert.ok(
    seenLive.some((text) => text.includes("offset1")),
    "the live tail was seen while the agent ran",
  );
  const stored: [string, string][] = [
    ...iterations.flatMap((row): [string, string][] => [
      [`prompt ${row.number}`, row.prompt],
      [`agent output ${row.number}`, row.agentOutput],
      [`agent error ${row.number}`, row.agentError ?? ""],
      [`diff ${row.number}`, row.diff],
    ]),
    ...layers.map((layer): [string, string] => [`layer ${layer.name}`, `${layer.log}\n${layer.comments ?? ""}`]),
    ...events.map((event): [string, string] => [`event ${event.type}`, `${event.message} ${JSON.stringify(event.data)}`]),
    ...seenLive.map((text, index): [string, string] => [`live ${index}`, text]),
  ];
  for (const [what, text] of stored) assert.deepEqual(revealsSecret(text, CANARY), [], `${what}: ${text}`);
});

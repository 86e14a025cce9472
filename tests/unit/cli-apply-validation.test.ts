import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Runs the real CLI as a child process, with SETPOINT_URL pointing at a recorder: checks that must
// fail before any request are proven not to send one.
const BIN = fileURLToPath(new URL("../../bin/setpoint.mjs", import.meta.url));

const GOAL = `apiVersion: setpoint.dev/v1
kind: Goal
metadata:
  name: fix-tests
spec:
  intent: Make the failing tests pass
  workspace:
    repo: ./repo
  agent:
    executor: claude-code
  metrics:
    - metric: tests.pass_ratio
      target: ">= 1"
  evaluation:
    layers:
      - name: tests
        run: npm test
`;

let dir: string;
let server: http.Server;
let url: string;
const requests: { url: string; body: string; authorization?: string }[] = [];

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "setpoint-cli-"));
  mkdirSync(path.join(dir, "repo"));
  execFileSync("git", ["init", "-q", path.join(dir, "repo")]);
  mkdirSync(path.join(dir, "plain"));
  server = http.createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    requests.push({ url: req.url ?? "", body, authorization: req.headers.authorization });
    res.writeHead(200, { "content-type": "application/json" });
    const manifests = (JSON.parse(body || "{}") as { manifests?: { metadata: { name: string } }[] }).manifests ?? [];
    res.end(
      JSON.stringify({ result: { data: { results: manifests.map((manifest) => ({ name: manifest.metadata.name, action: "created", generation: 1 })) } } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: dir, env: { ...process.env, SETPOINT_URL: url, SETPOINT_TOKEN: "test-token", ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

test("apply of a broken file prints file:line:col: path: message for every error, exits 1 and sends nothing", async () => {
  writeFileSync(path.join(dir, "bad.yaml"), GOAL.replace('target: ">= 1"', "target: most").replace("  intent:", "  stpo: {}\n  intent:"));
  requests.length = 0;
  const { code, stdout, stderr } = await runCli(["apply", "-f", "bad.yaml"]);
  assert.equal(code, 1, stderr);
  assert.equal(stdout, "");
  assert.match(stderr, /^bad\.yaml:6:3: spec\.stpo: is not a known field; did you mean 'stop'\?$/m);
  assert.match(stderr, /^bad\.yaml:14:15: spec\.metrics\[0\]\.target: must be '<op> <number>'/m);
  assert.match(stderr, /2 problems in the goal YAML; nothing was applied/);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  assert.equal(requests.length, 0);
});

test("apply of a file with a YAML syntax error names its line", async () => {
  writeFileSync(path.join(dir, "syntax.yaml"), GOAL.replace("  intent: Make the failing tests pass", "  intent: Make: it: pass"));
  requests.length = 0;
  const { code, stderr } = await runCli(["apply", "-f", "syntax.yaml"]);
  assert.equal(code, 1);
  assert.match(stderr, /^syntax\.yaml:6:\d+: /m);
  assert.equal(requests.length, 0);
});

test("a relative workspace.repo that is a plain folder is refused at apply, before any request", async () => {
  const file = path.join(dir, "plain.yaml");
  writeFileSync(file, GOAL.replace("repo: ./repo", "repo: ./plain"));
  const sentBefore = requests.length;
  const result = await runCli(["apply", "-f", file]);
  assert.equal(result.code, 1);
  assert.match(result.stderr + result.stdout, /spec\.workspace\.repo \.\/plain .* is not the top folder of a git repository; make it one \(git init/);
  assert.equal(requests.length, sentBefore, "nothing was sent");
});

test("a relative workspace.repo is read from the YAML file's folder, and a missing one is refused at apply", async () => {
  mkdirSync(path.join(dir, "elsewhere"), { recursive: true });
  const file = path.join(dir, "elsewhere", "goal.yaml");
  writeFileSync(file, GOAL); // repo: ./repo exists next to the other files, not next to this one
  const sentBefore = requests.length;
  const result = await runCli(["apply", "-f", file]);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr + result.stdout,
    /spec\.workspace\.repo \.\/repo \(.*elsewhere\/repo\) does not exist; a relative path is read from the YAML file's folder/,
  );
  assert.equal(requests.length, sentBefore, "nothing was sent");
});

test("apply of a valid folder sends every goal, with a relative repo made absolute, and prints what happened", async () => {
  mkdirSync(path.join(dir, "goals"));
  writeFileSync(path.join(dir, "goals", "b.yml"), GOAL.replace("name: fix-tests", "name: second").replace("repo: ./repo", "repo: ../repo"));
  writeFileSync(path.join(dir, "goals", "a.yaml"), GOAL.replace("repo: ./repo", "repo: ../repo"));
  writeFileSync(path.join(dir, "goals", "notes.txt"), "not a goal");
  requests.length = 0;
  const { code, stdout, stderr } = await runCli(["apply", "-f", "goals"]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "goal.setpoint.dev/fix-tests created\ngoal.setpoint.dev/second created\n");
  assert.equal(requests.length, 1);
  assert.match(requests[0].url, /^\/api\/trpc\/goals\.applyManifests\b/);
  assert.equal(requests[0].authorization, "Bearer test-token");
  const sent = JSON.parse(requests[0].body) as { manifests: { spec: { workspace: { repo: string } } }[] };
  assert.deepEqual(
    sent.manifests.map((manifest) => manifest.spec.workspace.repo),
    [path.join(dir, "repo"), path.join(dir, "repo")],
  );
});

test("reject without --comment fails before any request", async () => {
  requests.length = 0;
  const { code, stderr } = await runCli(["reject", "fix-tests", "--iteration", "3"]);
  assert.equal(code, 1);
  assert.match(stderr, /^error: reject needs --comment/m);
  assert.equal(requests.length, 0);
});

test("a server that is not running is a connection error, exit 2, with what to do", async () => {
  // A port that was just free: nothing listens there (port 1 would be refused by fetch itself as a "bad port").
  const port = await closedPort();
  const { code, stderr } = await runCli(["get", "goals"], { SETPOINT_URL: `http://127.0.0.1:${port}` });
  assert.equal(code, 2);
  assert.match(
    stderr,
    new RegExp(
      `^error: cannot reach Setpoint at http://127\\.0\\.0\\.1:${port}, from SETPOINT_URL: is \`npm start\` running\\? set SETPOINT_URL \\(ECONNREFUSED\\)`,
      "m",
    ),
  );
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

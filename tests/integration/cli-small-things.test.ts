// The CLI as a person uses it in a shell, against a real API server and Postgres: it finds the server
// from the data folder, a closed pipe ends it quietly, approve and reject take the only waiting gate,
// and delete asks before it removes a goal that has not ended.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { writeServerUrl } from "../../server/web/server-url-file";
import { MINIMAL_SPEC, ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const BIN = path.join(ROOT, "bin/setpoint.mjs");
let harness: Harness;
let api: { url: string; token: string };
let approver: string;

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  approver = (await harness.person("rita", "approver")).token;
});
after(async () => {
  await harness.close();
});

type Run = { code: number; stdout: string; stderr: string };

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: harness.dir, env: cliEnv({ SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token, ...env }) },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
}

// The test process's environment without the settings under test, plus `env` (undefined removes one).
function cliEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["SETPOINT_URL", "SETPOINT_TOKEN", "SETPOINT_DATA_DIR", "PORT"]) delete base[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

// Under `script`, so the CLI's stdin and stderr are a terminal, as when a person types the command.
function cliAtTerminal(args: string[], typed: string): Promise<Run> {
  return new Promise((resolve) => {
    const command = [process.execPath, BIN, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: harness.dir, env: cliEnv({ SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token }) });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Answer once the question is on the screen, as a person would.
      if (/\[y\/N\]/.test(stdout) && typed) {
        child.stdin.write(typed);
        typed = "";
      }
    });
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr: "" }));
  });
}

async function openGate(name: string, number: number) {
  const { id } = await harness.goal(name);
  const now = new Date();
  await harness.db.iteration.create({
    data: {
      goalId: id,
      number,
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

test("without SETPOINT_URL the CLI finds the server npm start wrote to the data folder, whatever its port", async () => {
  const dataDir = fs.mkdtempSync(path.join(harness.dir, "data-"));
  fs.writeFileSync(path.join(dataDir, "admin-token"), `${api.token}\n`);
  // Nothing there yet: the default port, which says where it looked.
  const before = await cli(["whoami"], { SETPOINT_URL: undefined, SETPOINT_TOKEN: undefined, SETPOINT_DATA_DIR: dataDir, PORT: "9" });
  assert.equal(before.code, 2);
  assert.match(before.stderr, /cannot reach Setpoint at http:\/\/localhost:9, from PORT/);

  const file = writeServerUrl(dataDir, api.url);
  const found = await cli(["whoami"], { SETPOINT_URL: undefined, SETPOINT_TOKEN: undefined, SETPOINT_DATA_DIR: dataDir, PORT: "9" });
  assert.equal(found.code, 0, found.stderr);
  assert.equal(found.stdout.trim(), "tester (admin, by API token)");

  // SETPOINT_URL still wins, and a failure names where the address came from.
  const explicit = await cli(["whoami"], { SETPOINT_URL: "http://127.0.0.1:9", SETPOINT_TOKEN: undefined, SETPOINT_DATA_DIR: dataDir });
  assert.match(explicit.stderr, /cannot reach Setpoint at http:\/\/127\.0\.0\.1:9, from SETPOINT_URL/);
  fs.writeFileSync(file, "http://127.0.0.1:9\n");
  const stale = await cli(["whoami"], { SETPOINT_URL: undefined, SETPOINT_TOKEN: undefined, SETPOINT_DATA_DIR: dataDir });
  assert.match(stale.stderr, new RegExp(`cannot reach Setpoint at http://127\\.0\\.0\\.1:9, from ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
});

test("a closed pipe ends the CLI quietly: `get goals -o json | head` prints no EPIPE stack", async () => {
  // More than a pipe holds (64 KiB), so the CLI is still writing when head has gone.
  for (let index = 0; index < 80; index++)
    await harness.apply(`piped-${index}`, { ...MINIMAL_SPEC, intent: `Keep the tests green. ${"Say why. ".repeat(100)}` });
  const command = `'${process.execPath}' '${BIN}' get goals -o json | head -c 100 >/dev/null`;
  const answer = await new Promise<Run>((resolve) => {
    execFile(
      "bash",
      ["-o", "pipefail", "-c", command],
      { cwd: harness.dir, env: cliEnv({ SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token }) },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  assert.equal(answer.stderr, "");
  assert.equal(answer.code, 0);
});

test("approve and reject without --iteration take the goal's only waiting gate, and refuse with the list when several wait", async () => {
  await harness.apply("one-gate", { ...MINIMAL_SPEC, approval: { policy: "every-iteration" } });
  const none = await cli(["approve", "one-gate"], { SETPOINT_TOKEN: approver });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /goal 'one-gate' has no iteration waiting for approval/);

  await openGate("one-gate", 1);
  const approved = await cli(["approve", "one-gate"], { SETPOINT_TOKEN: approver });
  assert.equal(approved.code, 0, approved.stderr);
  assert.equal(approved.stdout.trim(), "goal.setpoint.dev/one-gate iteration 1 approved");
  assert.equal((await harness.iterations("one-gate"))[0].approvedBy, "rita");

  await harness.apply("two-gates", { ...MINIMAL_SPEC, approval: { policy: "every-iteration" } });
  await openGate("two-gates", 2);
  await openGate("two-gates", 3);
  const several = await cli(["reject", "two-gates", "--comment", "not yet"], { SETPOINT_TOKEN: approver });
  assert.equal(several.code, 1);
  assert.match(several.stderr, /goal 'two-gates' has 2 iterations waiting for approval \(2, 3\): say which one with --iteration/);
  assert.deepEqual(
    (await harness.iterations("two-gates")).map((row) => row.approval),
    ["pending", "pending"],
  );
  const named = await cli(["reject", "two-gates", "--iteration", "3", "--comment", "not yet"], { SETPOINT_TOKEN: approver });
  assert.equal(named.code, 0, named.stderr);
});

test("delete asks before it removes a goal that has not ended: refused without a terminal, kept on a no, gone on a yes or --force", async () => {
  await harness.apply("running-one", MINIMAL_SPEC);
  const refused = await cli(["delete", "goal", "running-one"]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /goal 'running-one' is Queued: deleting it stops its loop and removes its history; there is no terminal to ask on, so pass --force to delete it anyway/,
  );
  await harness.goal("running-one");

  const no = await cliAtTerminal(["delete", "goal", "running-one"], "n\r");
  assert.match(no.stdout, /goal 'running-one' is Queued: deleting it stops its loop and removes its history\. Delete it\? \[y\/N\]/);
  assert.match(no.stdout, /was not deleted: the answer was not yes/);
  assert.equal(no.code, 1);
  await harness.goal("running-one");

  const yes = await cliAtTerminal(["delete", "goal", "running-one"], "y\r");
  assert.equal(yes.code, 0, yes.stdout);
  assert.match(yes.stdout, /goal\.setpoint\.dev\/running-one deleted/);
  assert.equal(await harness.db.goal.count({ where: { name: "running-one" } }), 0);

  await harness.apply("forced", MINIMAL_SPEC);
  const forced = await cli(["delete", "goal", "forced", "--force"]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(await harness.db.goal.count({ where: { name: "forced" } }), 0);

  // A goal that has ended goes without a question.
  await harness.apply("ended", MINIMAL_SPEC);
  await harness.db.goal.update({ where: { name: "ended" }, data: { phase: "Cancelled" } });
  const ended = await cli(["delete", "goal", "ended"]);
  assert.equal(ended.code, 0, ended.stderr);
});

// Who runs a goal's commands when the runner is root: a system user of the goal's own (made on first use),
// or the one SETPOINT_AGENT_USER names; never root, and anything else is said in words before the runner starts.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { agentHomePath, ensureAgentHome, removeAgentHome, removeHomesOfDeletedGoals } from "../../server/runner/agent-home";
import { DEFAULT_AGENT_USER, resolveAgentUser } from "../../server/runner/agent-user";
import { goalUserName, removeGoalUser } from "../../server/runner/goal-user";
import { resolveGoalUsers } from "../../server/runner/resolve-goal-users";
import { execCommand } from "../../server/process/exec-command";
import type { RunCommand } from "../../server/process/run-command";
import { runProcess } from "../../server/process/run-process";

const skip = process.getuid?.() !== 0 && "needs root: only a root runner switches users";
const resolve = (value?: string) => resolveAgentUser(() => {}, (value === undefined ? {} : { SETPOINT_AGENT_USER: value }) as NodeJS.ProcessEnv);

test("one user for all commands, unless SETPOINT_AGENT_USER names one, is setpoint-agent, a system user made when missing", { skip }, async () => {
  const user = await resolve();
  assert.equal(user?.name, DEFAULT_AGENT_USER);
  assert.notEqual(user?.uid, 0);
  assert.match(execFileSync("getent", ["passwd", DEFAULT_AGENT_USER], { encoding: "utf8" }), /:\/usr\/sbin\/nologin\n$/);
});

test("SETPOINT_AGENT_USER names another user, by name or uid; a uid nobody has is taken as it is", { skip }, async () => {
  assert.deepEqual(await resolve("nobody"), { name: "nobody", uid: 65534, gid: 65534 });
  assert.deepEqual(await resolve("65534"), { name: "nobody", uid: 65534, gid: 65534 });
  assert.deepEqual(await resolve("54321"), { name: "54321", uid: 54321, gid: 54321 });
});

test("root and unknown names are refused, saying why", { skip }, async () => {
  await assert.rejects(resolve("root"), /SETPOINT_AGENT_USER is root \(uid 0\): the goals' commands must not run as root/);
  await assert.rejects(resolve("0"), /must not run as root/);
  await assert.rejects(resolve("no-such-user-here"), /SETPOINT_AGENT_USER=no-such-user-here: no such user; expected a user name or a uid/);
});

test("a getent that cannot start is said, not taken for a missing user", { skip }, async () => {
  // A machine without getent: the command really fails to start (execCommand on a path that is not there).
  const withoutGetent = (file: string, args: string[], env: NodeJS.ProcessEnv) => execCommand(file === "getent" ? "/nonexistent/getent" : file, args, env);
  await assert.rejects(
    resolveAgentUser(() => {}, {} as NodeJS.ProcessEnv, withoutGetent),
    /getent could not start to look up the user setpoint-agent \(.*ENOENT.*\); it comes with the system's C library/,
  );
});

test("a command run as the agent user has its uid and gid and none of the runner's groups", { skip }, async () => {
  const result = await runProcess({
    command: "id -u; id -g; id -G; cat /proc/self/status | grep ^CapEff",
    cwd: "/",
    timeoutMs: 10_000,
    user: { uid: 65534, gid: 65534 },
  });
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(result.stdout.trim().split("\n"), ["65534", "65534", "65534", "CapEff:\t0000000000000000"]);
});

test("by default each goal has a system user of its own, made on first use, removed with the goal's home", { skip }, async () => {
  const goalId = crypto.randomUUID();
  const name = goalUserName(goalId);
  assert.match(name, /^setpoint-g-[0-9a-f]{12}$/);
  assert.equal(goalUserName(goalId), name, "the same goal, the same name");
  const users = (await resolveGoalUsers(() => {}, {} as NodeJS.ProcessEnv))!;
  assert.equal(users.shared, null);
  const user = await users.forGoal(goalId);
  assert.equal(user.name, name);
  assert.notEqual(user.uid, 0);
  const another = crypto.randomUUID();
  assert.notEqual(user.uid, (await users.forGoal(another)).uid, "another goal, another user");
  assert.equal(await removeGoalUser(another), null);
  assert.match(execFileSync("getent", ["passwd", name], { encoding: "utf8" }), /:\/usr\/sbin\/nologin\n$/);
  // A home left by another owner (goals shared one user before) starts again, the goal user's.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-goal-user-"));
  const home = agentHomePath(work, goalId);
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(path.join(home, "left-behind"), "x");
  fs.chownSync(home, 65534, 65534);
  await ensureAgentHome(work, goalId, user);
  assert.equal(fs.statSync(home).uid, user.uid);
  assert.equal(fs.existsSync(path.join(home, "left-behind")), false);
  assert.equal(await removeAgentHome(work, goalId), null);
  assert.throws(() => execFileSync("getent", ["passwd", name], { stdio: "ignore" }), "the user went with its home");
  fs.rmSync(work, { recursive: true, force: true });
});

// A runner's start-up sweep with every goal deleted from the database.
function sweepAllDeleted(work: string, run: RunCommand = execCommand, log: (line: string) => void = () => {}): Promise<string[]> {
  return removeHomesOfDeletedGoals(work, async () => new Set(), run, log);
}

test("a deleted goal's user that still runs a process is kept, then removed by a runner's next start", { skip }, async () => {
  const goalId = crypto.randomUUID();
  const name = goalUserName(goalId);
  const user = await (await resolveGoalUsers(() => {}, {} as NodeJS.ProcessEnv))!.forGoal(goalId);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-goal-user-"));
  await ensureAgentHome(work, goalId, user);
  // A process of the goal's user outlives the goal (an agent's child, say): userdel refuses while it runs.
  const sleeper = spawn("sleep", ["60"], { uid: user.uid, gid: user.gid, stdio: "ignore" });
  try {
    assert.match((await removeAgentHome(work, goalId)) ?? "", /kept the user of deleted goal .*: .*a runner's next start removes it/);
    assert.doesNotThrow(() => execFileSync("getent", ["passwd", name], { stdio: "ignore" }), "kept while its process runs");
  } finally {
    sleeper.kill("SIGKILL");
    await new Promise((resolve) => sleeper.once("exit", resolve));
  }
  // The goal is gone from the database: the sweep finds its marked home and removes the user.
  assert.deepEqual(await sweepAllDeleted(work), [goalId]);
  assert.throws(() => execFileSync("getent", ["passwd", name], { stdio: "ignore" }), "the user went");
  assert.equal(fs.existsSync(agentHomePath(work, goalId)), false);
  fs.rmSync(work, { recursive: true, force: true });
});

test("a deleted goal's home whose user cannot be looked up is logged and left, and the runner's start goes on", { skip }, async () => {
  const goalId = crypto.randomUUID();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-goal-user-"));
  await ensureAgentHome(work, goalId, null);
  const lines: string[] = [];
  const noGetent = async () => {
    throw new Error("spawn /usr/bin/getent ENOENT");
  };
  assert.deepEqual(await sweepAllDeleted(work, noGetent, (line) => lines.push(line)), []);
  assert.equal(lines.length, 1);
  assert.match(lines[0], new RegExp(`could not remove the home of deleted goal ${goalId}, left for the next start: getent could not start`));
  // The mark stays, so the next start (with getent back) sweeps it.
  assert.equal(fs.existsSync(agentHomePath(work, goalId)), true);
  assert.deepEqual(await sweepAllDeleted(work), [goalId]);
  fs.rmSync(work, { recursive: true, force: true });
});

test("SETPOINT_AGENT_USER makes every goal run as that one user", { skip }, async () => {
  const users = (await resolveGoalUsers(() => {}, { SETPOINT_AGENT_USER: "nobody" } as unknown as NodeJS.ProcessEnv))!;
  assert.equal(users.shared?.name, "nobody");
  assert.equal((await users.forGoal(crypto.randomUUID())).uid, 65534);
});

// An installation started the way `npm start` starts one (its data folder, the embedded Postgres, the
// admin token and password, the secret key, a runner with the default work folder inside the data folder),
// run as root as in CI: a goal's agent that tries to act as the installation finds every credential, the
// Postgres data and the database itself closed to it, with and without `sandbox: bwrap`; its work is still
// recorded and committed; every command of the goal runs as the goal's own agent user, with a HOME of the goal's own.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { ensureAdminToken, ensureFirstAdmin } from "../../server/auth/admin-token";
import { workDir } from "../../server/config";
import { createDb, type Db } from "../../server/db/client";
import { socketPath } from "../../server/db/postgres-address";
import { startDatabase, type StartedDatabase } from "../../server/db/start-database";
import { CREDENTIAL_FILES, secureDataFolder } from "../../server/files/secure-data-folder";
import { deleteGoal } from "../../server/goals/control-goal";
import { applyGoal, applyGoals, validateManifest } from "../../server/goals/apply-goal";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { runProcess } from "../../server/process/run-process";
import { agentHomePath } from "../../server/runner/agent-home";
import { prepareGoalCommands } from "../../server/runner/goal-commands";
import { lookUpUser, resolveAgentUser, type AgentUser } from "../../server/runner/agent-user";
import { goalUserName } from "../../server/runner/goal-user";
import { Runner } from "../../server/runner/runner";
import { secretKey } from "../../server/secrets/secret-box";
import { signingKey } from "../../server/certificates/signing-key";
import { API_VERSION } from "../../server/spec/goal-spec";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS } from "../helpers/loop-harness";

const root = process.getuid?.() === 0;
// Not under /tmp: bwrap gives commands a private /tmp, which would hide a data folder there from the
// sandboxed agent and prove nothing. /var/tmp is where a real one could be; removed at the end.
const dir = fs.mkdtempSync(path.join("/var/tmp", "setpoint-install-"));
const data = path.join(dir, "data");
process.env.SETPOINT_DATA_DIR = data;
delete process.env.SETPOINT_WORK_DIR;
delete process.env.SETPOINT_SECRET_KEY;

let database: StartedDatabase;
let db: Db;
let pool: { end: () => Promise<void> };
let runner: Runner;
let agentUser: AgentUser | null;
let socket = "";
let port = 0;

before(async () => {
  // What scripts/start.ts does, in its order.
  secureDataFolder(data);
  database = await startDatabase(data, () => {}, { throwaway: true });
  ({ db, pool } = createDb(database.url, 4));
  await ensureAdminToken(db, data);
  await ensureFirstAdmin(db, data);
  secretKey();
  signingKey();
  port = Number(fs.readFileSync(path.join(data, "pg.port"), "utf8"));
  socket = socketPath(path.join(data, "pg"), port);
  agentUser = await resolveAgentUser(() => {});
  runner = new Runner({ db, databaseUrl: database.url, slots: 2, workDir: workDir(), pollMs: 100, log: () => {} });
  await runner.start();
});

after(async () => {
  await runner?.drain(1000);
  await db?.$disconnect();
  await pool?.end().catch(() => {});
  await database?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tinyRepository(name: string): Promise<string> {
  const repo = path.join(dir, "repos", name);
  fs.mkdirSync(repo, { recursive: true });
  fs.writeFileSync(path.join(repo, "README.md"), "a repository an agent works in\n");
  await runGit(["init", "--quiet", "--initial-branch=main"], { cwd: repo });
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "start"], { cwd: repo });
  return repo;
}

// Setup, agent, layer and reviewer each say which uid they ran as; the target holds once the agent worked.
async function applyProbe(name: string, sandbox: Record<string, unknown>): Promise<void> {
  const spec = {
    intent: "Leave a file of work behind.",
    workspace: { repo: await tinyRepository(name), ref: "main", setup: 'id -u > "$HOME/setup-uid"' },
    agent: {
      executor: "command",
      command: path.join(AGENTS, "acts-as-installation.sh"),
      timeoutSeconds: 60,
      env: { SETPOINT_DATA: data, PG_SOCKET: socket, PG_PORT: String(port), RUNNER_PID: String(process.pid) },
    },
    metrics: [{ metric: "work.exit_code", target: "== 0" }],
    evaluation: {
      layers: [
        { name: "work", run: 'test -f agent-work.txt && echo "layer uid $(id -u), setup uid $(cat "$HOME/setup-uid")"', parse: "exit-code" },
        { name: "review", agent: { executor: "claude-code", command: path.join(AGENTS, "reviewer-says-uid.sh"), timeoutSeconds: 60 } },
        // What the runner (root) put back after the reviewer is the agent user's again.
        { name: "after-review", run: 'echo "layer after the reviewer" >> README.md', parse: "exit-code" },
      ],
    },
    stop: { maxIterations: 2, stallIterations: 2 },
    ...sandbox,
  };
  await applyGoal(db, validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name }, spec }), "test");
}

async function converged(name: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const goal = await db.goal.findUniqueOrThrow({ where: { name } });
    if (goal.phase === "Converged") return goal;
    if (["Failed", "Stalled", "Exhausted"].includes(goal.phase) || Date.now() > deadline) {
      const iterations = await db.iteration.findMany({ where: { goalId: goal.id }, include: { layers: true } });
      assert.fail(
        `goal ${name} is ${goal.phase} (${goal.message}): ${JSON.stringify(iterations.map((each) => ({ out: each.agentOutput, error: each.agentError, layers: each.layers.map((layer) => layer.log) })))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// sandboxed: under bwrap the data folder is an empty folder (but the work folder inside), so the socket is
// not even there; without a sandbox, its permissions keep the agent user out.
async function checkIsolated(name: string, sandboxed: boolean): Promise<void> {
  const goal = await converged(name);
  const iteration = await db.iteration.findFirstOrThrow({ where: { goalId: goal.id, number: 1 }, include: { layers: true } });
  const said = iteration.agentOutput.split("\n");
  // The goal's own user, made for it: not the one user goals shared before, nor another goal's.
  const agentUser = await lookUpUser(goalUserName(goal.id));
  assert.ok(agentUser && agentUser.uid !== 0, `the user ${goalUserName(goal.id)} was made for ${name}`);
  const uid = String(agentUser!.uid);
  assert.ok(said.includes(`uid ${uid}`), `the agent ran as ${agentUser!.name}: ${iteration.agentOutput}`);
  for (const file of [
    "admin-token",
    "admin-password",
    "secret-key",
    "signing-key",
    "database.url",
    "pg-superuser-password",
    "pg-app-password",
    "pg/PG_VERSION",
  ]) {
    assert.ok(said.includes(`refused ${file}`), `the agent could not read ${file}: ${iteration.agentOutput}`);
  }
  assert.ok(said.includes(sandboxed ? "the data folder shows: work" : "refused listing the data folder"), iteration.agentOutput);
  assert.ok(said.includes("refused the runner's environment"), iteration.agentOutput);
  assert.ok(said.includes(`postgres socket refused ${sandboxed ? "ENOENT" : "EACCES"}`), `the socket is out of reach: ${iteration.agentOutput}`);
  assert.ok(
    said.some((line) => /^postgres tcp refused E[A-Z]+$/.test(line)),
    `nothing listens on TCP: ${iteration.agentOutput}`,
  );
  assert.ok(said.includes("git reads the history"), `the agent's own git works in its worktree (read-only): ${iteration.agentOutput}`);
  // Its work counts: committed on the goal's branch, as the runner (root) commits it.
  assert.match(iteration.diff, /agent-work\.txt/);
  assert.equal(goal.acceptedCommit, iteration.commit);
  const layers = Object.fromEntries(iteration.layers.map((layer) => [layer.name, layer.log]));
  assert.match(layers.work, new RegExp(`layer uid ${uid}, setup uid ${uid}`));
  assert.match(layers.review, new RegExp(`reviewed as uid ${uid}`));
  assert.match(layers.review, /the reviewer changed README\.md; undone/);
  assert.equal(iteration.layers.find((layer) => layer.name === "after-review")?.ok, true, layers["after-review"]);
  // Its HOME is the goal's own, writable, the agent user's.
  const home = agentHomePath(workDir(), goal.id);
  assert.ok(said.includes(`home ${home}`), iteration.agentOutput);
  assert.equal(fs.readFileSync(path.join(home, ".claude", "marker"), "utf8"), `${name}\n`);
  const stat = fs.statSync(home);
  assert.equal(stat.uid, agentUser!.uid);
  assert.equal(stat.mode & 0o777, 0o700);
}

test("the data folder is closed to others but for passage, and every credential in it is 0600", {
  skip: !root && "needs root: the runner switches to the agent user only as root",
}, () => {
  assert.equal(fs.statSync(data).mode & 0o777, 0o711);
  for (const file of CREDENTIAL_FILES.filter((name) => name !== "admin-password" || fs.existsSync(path.join(data, name)))) {
    assert.equal(fs.statSync(path.join(data, file)).mode & 0o777, 0o600, file);
  }
  assert.notEqual(agentUser, null);
  assert.notEqual(agentUser!.uid, 0);
});

test("an unsandboxed agent cannot read the installation's credentials or reach its database; its work is committed and every command ran as the agent user", {
  skip: !root && "needs root",
}, async () => {
  await applyProbe("isolated-none", { sandbox: "none" });
  await checkIsolated("isolated-none", false);
});

test("the same under sandbox: bwrap, started as the agent user, with the network on: the data folder is not even there", {
  skip: !root && "needs root",
}, async (t) => {
  const problem = await sandboxProblem({ sandbox: "bwrap" }, "this machine", agentUser);
  if (problem) return t.skip(problem);
  await applyProbe("isolated-bwrap", { sandbox: "bwrap", network: true });
  await checkIsolated("isolated-bwrap", true);
});

test("under bwrap the data folder is an empty folder, so a runner's own user (a runner that is not root) cannot read it either", {
  skip: !root && "needs root",
}, async (t) => {
  const problem = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
  if (problem) return t.skip(problem);
  const worktree = path.join(workDir(), "worktrees", "own-user", "own-user-1-1");
  fs.mkdirSync(worktree, { recursive: true });
  fs.writeFileSync(path.join(worktree, ".git"), "gitdir: /nowhere\n"); // bound read-only over the worktree
  const state = {
    goal: { id: crypto.randomUUID() },
    spec: { sandbox: "bwrap", network: true, env: { pass: [] }, evaluation: { layers: [], protect: [] } },
    secrets: {},
  } as unknown as Parameters<typeof prepareGoalCommands>[2];
  // No agent user: the commands run as this process's own user, root without capabilities here.
  const commands = await prepareGoalCommands(workDir(), null, state, worktree);
  const files = CREDENTIAL_FILES.concat("pg/PG_VERSION").join(" ");
  const result = await runProcess({
    command:
      `for file in ${files}; do test -e "${data}/$file" && echo "present $file" || echo "absent $file"; done; ls -A "${data}"; ` +
      `node -e 'require("node:net").connect(process.argv[1]).on("error", (e) => console.log("socket " + e.code)).on("connect", () => console.log("socket connected"))' ${socket}; echo work > mine.txt`,
    cwd: worktree,
    env: commands.env,
    sandbox: commands.sandbox,
    timeoutMs: 30_000,
  });
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(result.stdout.trim().split("\n"), [...CREDENTIAL_FILES.concat("pg/PG_VERSION").map((file) => `absent ${file}`), "work", "socket ENOENT"]);
  assert.equal(fs.readFileSync(path.join(worktree, "mine.txt"), "utf8"), "work\n", "its worktree, inside the hidden folder, is still there and writable");
});

test("each goal has its own home, and deleting the goal removes it (here, or at the next start of a runner elsewhere)", {
  skip: !root && "needs root",
}, async () => {
  const goals = await db.goal.findMany({ where: { name: { startsWith: "isolated-" } } });
  assert.ok(goals.length >= 1);
  const homes = new Set(goals.map((goal) => agentHomePath(workDir(), goal.id)));
  assert.equal(homes.size, goals.length, "no two goals share a home");
  for (const goal of goals) {
    const home = agentHomePath(workDir(), goal.id);
    assert.equal(fs.existsSync(home), true);
    assert.notEqual(await lookUpUser(goalUserName(goal.id)), null);
    await deleteGoal(db, goal.name, "test");
    assert.equal(fs.existsSync(home), false, `${goal.name}'s home went with it`);
    assert.equal(await lookUpUser(goalUserName(goal.id)), null, `${goal.name}'s user went with it`);
  }
  // A goal deleted through a web server on another machine: this machine's runner finds its home at start.
  const orphan = agentHomePath(workDir(), crypto.randomUUID());
  fs.mkdirSync(path.join(orphan, ".codex"), { recursive: true });
  const manifest = validateManifest({
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "waiting" },
    spec: {
      intent: "Wait.",
      workspace: { repo: "/nonexistent" },
      agent: { executor: "demo" },
      metrics: [{ metric: "t.ok", target: "== 1" }],
      evaluation: { layers: [{ name: "t", run: "true" }] },
    },
  });
  await applyGoals(db, [manifest], "test", { paused: true });
  const kept = await db.goal.findUniqueOrThrow({ where: { name: "waiting" } });
  const live = agentHomePath(workDir(), kept.id);
  fs.mkdirSync(live, { recursive: true });
  const another = new Runner({ db, databaseUrl: database.url, slots: 0, workDir: workDir(), log: () => {} });
  await another.start();
  await another.drain(1000);
  assert.equal(fs.existsSync(orphan), false, "the deleted goal's home is removed");
  assert.equal(fs.existsSync(live), true, "a goal that exists keeps its home");
});

// The GitHub Action's script, run as the runner would run it (plain Node, INPUT_* variables, a
// GITHUB_OUTPUT file, the manifest in a checked-out workspace), against a real Setpoint API with a
// real runner, and a fake GitHub REST API for the pull request.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createToken } from "../../server/auth/api-tokens";
import { applyGoals, validateManifest } from "../../server/goals/apply-goal";
import { controlGoal } from "../../server/goals/control-goal";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { API_VERSION } from "../../server/spec/goal-spec";
import { runGit } from "../../server/workspace/run-git";
import { startFakeGitHub } from "../helpers/fake-github";
import { calculatorSpec, ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
let harness: Harness;
let api: { url: string; token: string };
let operator: string;
let github: Awaited<ReturnType<typeof startFakeGitHub>>;

before(async () => {
  process.env.SETPOINT_ALLOW_PRIVATE_URLS = "127.0.0.1";
  process.env.SETPOINT_NOTIFY_BACKOFF_MS = "10";
  harness = await startHarness();
  api = await harness.serveApi();
  operator = await createToken(harness.db, "ci", "operator");
  github = await startFakeGitHub();
  await harness.startRunner(1);
});
after(async () => {
  await harness.close();
  await github.close();
});

type Run = { code: number; stdout: string; outputs: Record<string, string>; summary: string };

// The manifest lives in a checkout (GITHUB_WORKSPACE), named by a path relative to it.
async function runAction(name: string, manifest: string, inputs: Record<string, string> = {}): Promise<Run> {
  const workspace = path.join(harness.dir, "checkouts", name);
  fs.mkdirSync(path.join(workspace, ".setpoint"), { recursive: true });
  fs.writeFileSync(path.join(workspace, ".setpoint", "goal.yaml"), manifest);
  const outputFile = path.join(workspace, "github-output");
  const summaryFile = path.join(workspace, "step-summary");
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    INPUT_URL: api.url,
    INPUT_TOKEN: operator,
    INPUT_MANIFEST: ".setpoint/goal.yaml",
    INPUT_WAIT: "3",
    "INPUT_POLL-SECONDS": "0.3",
    ...Object.fromEntries(Object.entries(inputs).map(([key, value]) => [`INPUT_${key.toUpperCase()}`, value])),
  };
  const { code, stdout } = await exec(process.execPath, [path.join(ROOT, ".github/action/run.mjs")], { cwd: workspace, env: env as NodeJS.ProcessEnv }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const raw = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, "utf8") : "";
  const outputs = Object.fromEntries([...raw.matchAll(/^([\w-]+)<<SETPOINT_OUTPUT_END\n(.*)\nSETPOINT_OUTPUT_END$/gm)].map((match) => [match[1], match[2]]));
  return { code, stdout, outputs, summary: fs.existsSync(summaryFile) ? fs.readFileSync(summaryFile, "utf8") : "" };
}

// A port nothing listens on: one just let go.
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function manifestYaml(name: string, spec: Record<string, unknown>): string {
  return `apiVersion: ${API_VERSION}\nkind: Goal\nmetadata:\n  name: ${name}\nspec: ${JSON.stringify(spec)}\n`;
}

test("a goal that converges: the job passes, its progress is in the log, and phase, metrics and iteration are outputs", async () => {
  const repo = await harness.sampleRepo("action-calc");
  const run = await runAction("action-calc", manifestYaml("action-calc", calculatorSpec(repo)));
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /goal action-calc created \(generation 1\)/);
  assert.match(run.stdout, /\] action-calc Running iteration \d+\/10 .*tests\.pass_ratio=/, "progress lines");
  assert.match(run.stdout, /goal action-calc converged at iteration \d+/);
  assert.ok(!run.stdout.includes(operator.slice(4)) || run.stdout.includes(`::add-mask::${operator}`), "the token is only ever printed to be masked");
  const goal = await harness.goal("action-calc");
  assert.deepEqual(
    { phase: run.outputs.phase, goal: run.outputs.goal, iteration: run.outputs.iteration, pr: run.outputs["pull-request-url"] },
    { phase: "Converged", goal: "action-calc", iteration: String(goal.bestIteration), pr: "" },
  );
  assert.equal(JSON.parse(run.outputs.metrics)["tests.pass_ratio"], 1);
  assert.match(run.summary, /### Setpoint goal \[action-calc\]\(http:\/\/127\.0\.0\.1:\d+\/goals\/action-calc\): Converged/);
});

test("a nightly run of an unchanged goal re-runs it, and the pull request it updates is an output", async () => {
  const sample = await harness.sampleRepo("action-pr");
  const bare = path.join(harness.dir, "remotes", "action-pr.git");
  await runGit(["clone", "--quiet", "--bare", sample, bare], { cwd: harness.dir });
  const spec = calculatorSpec(`file://${bare}`, {
    workspace: { repo: `file://${bare}`, ref: "main", pullRequest: { repository: "acme/calculator", apiUrl: github.apiUrl } },
  });
  // Set up once by an operator: applied paused, its token set, resumed.
  await applyGoals(harness.db, [validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name: "action-pr" }, spec })], "alice", { paused: true });
  await setGoalSecret(harness.db, "action-pr", { name: "GITHUB_TOKEN", value: "ghp_for-the-action-test-000000" }, "alice");
  await controlGoal(harness.db, "action-pr", "resume", "alice");
  await harness.waitForPhase("action-pr", ["Converged"], 120_000);

  const run = await runAction("action-pr", manifestYaml("action-pr", spec));
  assert.equal(run.code, 0, run.stdout);
  assert.match(run.stdout, /goal action-pr unchanged/);
  assert.match(run.stdout, /had ended Converged and its spec is unchanged: re-running it/);
  const pull = github.pulls("acme/calculator")[0];
  assert.equal(run.outputs["pull-request-url"], `https://github.test/acme/calculator/pull/${pull.number}`);
  const goal = await harness.goal("action-pr");
  assert.equal((goal.pullRequest as { commit: string }).commit, goal.acceptedCommit, "the output is the pull request of this convergence");
  assert.equal(await harness.db.event.count({ where: { goalName: "action-pr", type: "Queued", reason: "Rerun", actor: "ci" } }), 1);
});

test("a goal that stops short fails the job, saying why, with its phase as an output", async () => {
  const repo = await harness.sampleRepo("action-short");
  const run = await runAction("action-short", manifestYaml("action-short", calculatorSpec(repo, { stop: { maxIterations: 1 } })));
  assert.equal(run.code, 1);
  assert.match(run.stdout, /::error::goal action-short ended Exhausted \(MaxIterations\): /);
  assert.equal(run.outputs.phase, "Exhausted");
});

test("a manifest with a mistake fails the job with an annotation on its line, and nothing is applied", async () => {
  const run = await runAction(
    "action-bad",
    'apiVersion: setpoint.dev/v1\nkind: Goal\nmetadata:\n  name: action-bad\nspec:\n  intent: x\n  workspace: { repo: https://github.com/acme/app.git }\n  agent: { executor: demo }\n  metrics: [{ metric: t.ok, target: "about 1" }]\n  evaluation: { layers: [{ name: t, run: "true" }] }\n',
  );
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^::error file=\.setpoint\/goal\.yaml,line=9,col=\d+::spec\.metrics\[0\]\.target: must be '<op> <number>'/m);
  assert.match(run.stdout, /::error::1 problem in the goal YAML; nothing was applied/);
  assert.equal(await harness.db.goal.count({ where: { name: "action-bad" } }), 0);
});

test("a goal still running when the wait runs out fails the job; a wrong token or address is said plainly", async () => {
  const repo = await harness.sampleRepo("action-wait");
  const waiting = await runAction("action-wait", manifestYaml("action-wait", calculatorSpec(repo, { dependsOn: ["never-applied"] })), { wait: "0.05" });
  assert.equal(waiting.code, 1);
  assert.match(waiting.stdout, /::error::goal action-wait did not converge within 0\.05 minutes: it is Queued \(WaitingForDependencies\)/);
  assert.equal(waiting.outputs.phase, "Queued");

  const refused = await runAction("action-token", manifestYaml("action-token", calculatorSpec(repo)), { token: "spt_made-up" });
  assert.equal(refused.code, 1);
  assert.match(refused.stdout, /::error::Setpoint refused the token: sign in first/);
  const closed = await closedPort();
  const unreachable = await runAction("action-url", manifestYaml("action-url", calculatorSpec(repo)), { url: `http://127.0.0.1:${closed}` });
  assert.match(unreachable.stdout, new RegExp(`::error::cannot reach Setpoint at http://127\\.0\\.0\\.1:${closed}: ECONNREFUSED`));
  const missing = await runAction("action-missing", "x", { manifest: "no/such.yaml" });
  assert.match(missing.stdout, /::error::input manifest: no\/such\.yaml does not exist in the repository/);
});

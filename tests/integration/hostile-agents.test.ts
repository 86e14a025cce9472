// Agents that try to win without doing the work, through the real loop: real git, the real runner,
// shell-script agents (tests/fixtures/agents/hostile.sh). Each must be judged right.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, startHarness, type Harness } from "../helpers/loop-harness";

const noBwrap = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
if (noBwrap) console.log(`# skipping the sandboxed case: ${noBwrap}`);

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const AGENT = path.join(AGENTS, "hostile.sh");
const BROKEN_ADD = "export function add(a, b) {\n  return a - b;\n}\n";
const FIXED_ADD = "export function add(a, b) {\n  return a + b;\n}\n";
const ADD_TEST =
  'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/add.js";\ntest("adds", () => assert.equal(add(1, 2), 3));\n';
const metric = (row: { metrics: unknown }, name: string) => (row.metrics as Record<string, number>)[name];

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner(4);
});
after(async () => {
  await harness.close();
});

async function adderRepo(name: string, extra: Record<string, string> = {}): Promise<string> {
  const repo = await harness.gitRepo(name, { "package.json": '{ "type": "module" }\n', ...extra });
  fs.mkdirSync(path.join(repo, "src"));
  fs.mkdirSync(path.join(repo, "test"));
  fs.writeFileSync(path.join(repo, "src/add.js"), BROKEN_ADD);
  fs.writeFileSync(path.join(repo, "test/add.test.js"), ADD_TEST);
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "adder with a bug"], { cwd: repo });
  return repo;
}

function spec(repo: string, command: string, extra: Record<string, unknown> = {}) {
  return {
    intent: "Make add() add.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: { layers: [{ name: "tests", run: "node --test --test-reporter=tap test/", parse: "tap" }] },
    stop: { maxIterations: 2, stallIterations: 5 },
    retry: { maxAgentFailures: 0, backoffSeconds: 0 },
    ...extra,
  };
}

test("an agent that switches the lint off in its configuration and script is undone, flagged, and never converges", async () => {
  const lint =
    'import fs from "node:fs";\nconst { rules } = JSON.parse(fs.readFileSync(".lintrc.json", "utf8"));\n' +
    'if (rules["no-console"] === "error" && fs.readFileSync("src/add.js", "utf8").includes("console.log")) { console.error("src/add.js: no-console"); process.exit(1); }\n';
  const lintrc = '{ "rules": { "no-console": "error" } }\n';
  const repo = await harness.gitRepo("lint", { "lint.mjs": lint, ".lintrc.json": lintrc, "add.js": "" });
  fs.mkdirSync(path.join(repo, "src"));
  fs.writeFileSync(path.join(repo, "src/add.js"), "export function add(a, b) {\n  console.log(a, b);\n  return a + b;\n}\n");
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "a console.log"], { cwd: repo });
  await harness.apply(
    "lint",
    spec(repo, `${AGENT} lint`, {
      intent: "Make the lint pass.",
      metrics: [{ metric: "lint.exit_code", target: "== 0" }],
      evaluation: { layers: [{ name: "lint", run: "node lint.mjs" }], protect: [".lintrc.json", "lint.mjs"] },
    }),
  );
  const goal = await harness.waitForPhase("lint", ENDED, 120_000);
  assert.equal(goal.phase, "Exhausted", goal.message);
  const [, ...tries] = await harness.iterations("lint");
  assert.equal(tries.length, 2);
  for (const row of tries) {
    assert.deepEqual(row.protectViolations, [
      { path: ".lintrc.json", change: "modified" },
      { path: "lint.mjs", change: "modified" },
    ]);
    assert.equal(metric(row, "lint.exit_code"), 1, "the real lint ran, with its real configuration");
    assert.equal(row.accepted, false);
  }
  assert.match(
    tries[1].prompt,
    /Iteration 1 changed protected paths, which Setpoint undid before measuring: "\.lintrc\.json" \(modified\), "lint\.mjs" \(modified\)/,
  );
  assert.equal((await runGit(["show", "setpoint/lint:.lintrc.json"], { cwd: repo })).stdout, lintrc, "the goal's branch holds the configuration as it was");
});

test("an agent oscillating between two changes (A, B, A, B) ends Stalled, not Exhausted by its iterations, even when regressions are kept", async () => {
  const repo = await harness.gitRepo("oscillate", { "choice.txt": "none\n" });
  await harness.apply(
    "oscillate",
    spec(repo, `${AGENT} oscillate ${harness.writableDir("oscillate-state")}`, {
      intent: "Make choice.txt both A and B.",
      metrics: [
        { metric: "a.exit_code", target: "== 0" },
        { metric: "b.exit_code", target: "== 0" },
      ],
      evaluation: {
        layers: [
          { name: "a", run: 'test "$(cat choice.txt)" = A' },
          { name: "b", run: 'test "$(cat choice.txt)" = B' },
        ],
      },
      stop: { maxIterations: 8, stallIterations: 3, onRegression: "keep" },
    }),
  );
  const goal = await harness.waitForPhase("oscillate", ENDED, 120_000);
  assert.equal(goal.phase, "Stalled", goal.message);
  assert.match(goal.message ?? "", /no target metric improved on the best so far for 3 iterations in a row \(iterations 2-4\); best is iteration 1:/);
  const rows = await harness.iterations("oscillate");
  assert.deepEqual(
    rows.slice(1).map((row) => [metric(row, "a.exit_code"), metric(row, "b.exit_code")]),
    [
      [0, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ],
    "A, B, A, B",
  );
});

for (const sandbox of ["none", "bwrap"] as const) {
  test(`nothing an agent's leftover processes write after it ended, setsid or not, reaches the measurement or the commit (sandbox: ${sandbox})`, {
    skip: sandbox === "bwrap" && noBwrap ? noBwrap : false,
  }, async () => {
    const name = `leftovers-${sandbox}`;
    const repo = await adderRepo(name);
    await harness.apply(
      name,
      spec(repo, `${AGENT} leftovers`, {
        metrics: [
          { metric: "tests.pass_ratio", target: ">= 1" },
          { metric: "untouched.exit_code", target: "== 0" },
        ],
        evaluation: {
          layers: [
            // Measured a second after the agent ended, well after its leftovers would have written.
            { name: "untouched", run: "sleep 1; test ! -e setsid.txt && test ! -e grouped.txt" },
            { name: "tests", run: "node --test --test-reporter=tap test/", parse: "tap" },
          ],
        },
        sandbox,
        ...(sandbox === "bwrap" ? { network: false } : {}),
      }),
    );
    const goal = await harness.waitForPhase(name, ENDED, 120_000);
    assert.equal(goal.phase, "Converged", goal.message);
    const one = (await harness.iterations(name))[1];
    assert.equal(metric(one, "untouched.exit_code"), 0);
    const tree = await runGit(["ls-tree", "-r", "--name-only", one.commit!], { cwd: repo });
    assert.deepEqual(tree.stdout.trim().split("\n"), ["package.json", "src/add.js", "test/add.test.js"]);
    assert.equal((await runGit(["show", `${one.commit}:src/add.js`], { cwd: repo })).stdout, FIXED_ADD);
  });
}

test("an agent that commits, amends, moves the goal's branch and resets in its worktree: Setpoint measures and records its own commit of the files", async () => {
  const repo = await adderRepo("moves-branch");
  // A root runner's agent user cannot write the repository's git folder; a runner that is not root runs its
  // agents as the repository's owner, who can. Make it writable to all, as that owner would find it.
  await runGit(["config", "core.sharedRepository", "0666"], { cwd: repo });
  fs.chmodSync(path.join(repo, ".git"), 0o777);
  for (const entry of fs.readdirSync(path.join(repo, ".git"), { recursive: true, encoding: "utf8" }))
    fs.chmodSync(path.join(repo, ".git", entry), fs.statSync(path.join(repo, ".git", entry)).isDirectory() ? 0o777 : 0o666);
  const start = (await runGit(["rev-parse", "HEAD"], { cwd: repo })).stdout.trim();
  await harness.apply("moves-branch", spec(repo, `${AGENT} moves-branch - moves-branch`));
  const goal = await harness.waitForPhase("moves-branch", ENDED, 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const one = (await harness.iterations("moves-branch"))[1];
  const moved = /moved setpoint\/moves-branch to ([0-9a-f]{40})/.exec(one.agentOutput);
  assert.ok(moved, `the agent moved the goal's branch: ${one.agentOutput}`);
  assert.notEqual(moved[1], one.commit);
  assert.equal(one.fromCommit, start);
  assert.equal(metric(one, "tests.pass_ratio"), 1);
  assert.equal((await runGit(["show", `${one.commit}:src/add.js`], { cwd: repo })).stdout, FIXED_ADD, "the files as the agent left them");
  assert.equal(
    (await runGit(["rev-parse", `${one.commit}^`], { cwd: repo })).stdout.trim(),
    start,
    "the runner's commit, on the commit the iteration started from",
  );
  assert.notEqual((await runGit(["log", "--format=%an", "-1", one.commit!], { cwd: repo })).stdout.trim(), "agent", "not the agent's own commit");
  assert.equal(goal.acceptedCommit, one.commit);
  assert.equal((await runGit(["rev-parse", "setpoint/moves-branch"], { cwd: repo })).stdout.trim(), one.commit, "the goal's branch is the runner's");
});

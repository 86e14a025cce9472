// evaluation.protect and hidden checks through the real loop: real git, the real runner, a shell-script agent.
// An agent that weakens the harness is undone, flagged and never converges (while the same agent, unprotected,
// "converges"); hidden checks are measured but never seen by the agent, never committed, and their contents
// never reach a stored log, diff or prompt; a converged goal's certificate hashes what was measured.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { readIteration } from "../../server/iterations/read-iteration";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { runGit } from "../../server/workspace/run-git";
import { AGENTS, startHarness, type Harness } from "../helpers/loop-harness";

const noBwrap = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
if (noBwrap) console.log(`# skipping the sandboxed case: ${noBwrap}`);

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed", "Cancelled"];
const CANARY = "HIDDEN-CANARY-7f3a";
const PACKAGE = `${JSON.stringify({ name: "adder", type: "module", scripts: { test: "node --test --test-reporter=tap test/" } }, null, 2)}\n`;
const VISIBLE_TEST =
  'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/add.js";\ntest("adds one and two", () => assert.equal(add(1, 2), 3));\n';
const HIDDEN_TEST = `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../../src/add.js";\ntest("adds two and two", () => assert.equal(add(2, 2), 4, "${CANARY}: the secret edge case"));\n`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const metric = (row: { metrics: unknown }, name: string) => (row.metrics as Record<string, number>)[name];

let harness: Harness;
let hiddenDir: string;
before(async () => {
  harness = await startHarness();
  hiddenDir = path.join(harness.dir, "kept-hidden", "adder");
  fs.mkdirSync(hiddenDir, { recursive: true });
  fs.writeFileSync(path.join(hiddenDir, "edge.test.js"), HIDDEN_TEST);
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

async function adderRepo(name: string): Promise<string> {
  const repo = await harness.gitRepo(name, { "package.json": PACKAGE });
  fs.mkdirSync(path.join(repo, "src"));
  fs.mkdirSync(path.join(repo, "test"));
  fs.writeFileSync(path.join(repo, "src/add.js"), "export function add(a, b) {\n  return a - b;\n}\n");
  fs.writeFileSync(path.join(repo, "test/add.test.js"), VISIBLE_TEST);
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "adder with a bug"], { cwd: repo });
  return repo;
}

const PROTECT = ["test/**", "package.json"];

function spec(
  repo: string,
  mode: string,
  extra: Record<string, unknown> = {},
  layers: unknown[] = [{ name: "tests", run: "npm test --silent", parse: "tap" }],
  protect: string[] = [],
) {
  return {
    intent: "Make add() add.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: `${path.join(AGENTS, "games-harness.sh")} ${mode} ${extra.sandbox === "bwrap" ? hiddenDir : ""}` },
    metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
    evaluation: { layers, protect },
    stop: { maxIterations: 2, stallIterations: 5 },
    retry: { maxAgentFailures: 0, backoffSeconds: 0 },
    ...extra,
  };
}

test("an agent that rewrites the test script to `echo ok` and edits the tests is undone, flagged, and never converges", async () => {
  // The same agent on an unprotected harness "converges": the trick works, so the guard is what stops it.
  await harness.apply("unprotected", spec(await adderRepo("unprotected"), "tamper"));
  const repo = await adderRepo("tamper");
  await harness.apply("tamper", spec(repo, "tamper", {}, undefined, PROTECT));

  const unprotected = await harness.waitForPhase("unprotected", ENDED, 120_000);
  assert.equal(unprotected.phase, "Converged", `without protect the gamed harness converges: ${unprotected.message}`);

  const goal = await harness.waitForPhase("tamper", ENDED, 120_000);
  assert.equal(goal.phase, "Exhausted", goal.message);
  const [baseline, first, second] = await harness.iterations("tamper");
  assert.equal(metric(baseline, "protect.violations"), 0);
  for (const row of [first, second]) {
    assert.deepEqual(row.protectViolations, [
      { path: "package.json", change: "modified" },
      { path: "test/add.test.js", change: "modified" },
      { path: "test/extra.test.js", change: "added" },
    ]);
    assert.equal(metric(row, "protect.violations"), 3);
    assert.ok(metric(row, "tests.pass_ratio") < 1, "the real test ran, on the real test script");
    assert.equal(row.accepted, false);
    assert.equal(row.commit, row.fromCommit, "nothing of the tampering was committed");
  }
  const page = await readIteration(harness.db, "tamper", 1);
  assert.equal(page?.phase, "Tampered", "what the iteration lists and the CLI show it as");
  assert.deepEqual(
    page?.protectViolations.map((violation) => `${violation.path} ${violation.change}`),
    ["package.json modified", "test/add.test.js modified", "test/extra.test.js added"],
    "listed on the iteration page",
  );
  const prompt = second.prompt;
  assert.match(
    prompt,
    /Iteration 1 changed protected paths, which Setpoint undid before measuring: "package.json" \(modified\), "test\/add.test.js" \(modified\), "test\/extra.test.js" \(added\)/,
  );
  assert.match(prompt, /These paths are protected: "test\/\*\*", "package.json"/);

  const measured = first.measuredFiles as { path: string; sha256: string; kind: string }[];
  assert.deepEqual(
    measured.map((file) => [file.kind, file.path, file.sha256]),
    [
      ["protected", "package.json", sha256(PACKAGE)],
      ["protected", "test/add.test.js", sha256(VISIBLE_TEST)],
    ],
  );
  const branch = await runGit(["show", `setpoint/tamper:package.json`], { cwd: repo });
  assert.equal(branch.stdout, PACKAGE, "the goal's branch holds the harness as it was");
});

async function hiddenGoal(name: string, mode: string, sandbox: "none" | "bwrap") {
  const repo = await adderRepo(name);
  await harness.apply(
    name,
    spec(
      repo,
      mode,
      {
        metrics: [
          { metric: "tests.pass_ratio", target: ">= 1" },
          { metric: "hidden.pass_ratio", target: ">= 1" },
        ],
        sandbox,
        ...(sandbox === "bwrap" ? { network: false } : {}),
      },
      [
        { name: "tests", run: "node --test --test-reporter=tap test/add.test.js", parse: "tap" },
        { name: "hidden", run: "node --test --test-reporter=tap test/hidden/", parse: "tap", hidden: { from: hiddenDir, to: "test/hidden" } },
      ],
      PROTECT,
    ),
  );
  return repo;
}

for (const sandbox of ["none", "bwrap"] as const) {
  test(`hidden checks measure an agent that special-cased the visible test, which never sees them (sandbox: ${sandbox})`, {
    skip: sandbox === "bwrap" && noBwrap ? noBwrap : false,
  }, async () => {
    const name = `special-${sandbox}`;
    const repo = await hiddenGoal(name, "special-case", sandbox);
    const goal = await harness.waitForPhase(name, ENDED, 120_000);
    assert.equal(goal.phase, "Exhausted", goal.message);
    const rows = await harness.iterations(name);
    const first = rows[1];
    assert.equal(metric(first, "tests.pass_ratio"), 1, "the visible test passes");
    assert.equal(metric(first, "hidden.pass_ratio"), 0, "the hidden one does not");
    const layers = await harness.db.layerResult.findMany({ where: { iterationId: first.id }, orderBy: { position: "asc" } });
    assert.deepEqual(
      layers.map((layer) => [layer.name, layer.hiddenFailed]),
      [
        ["tests", null],
        ["hidden", true],
      ],
    );
    assert.match(layers[1].log, /failing: adds two and two/, "test names may appear");
    assert.deepEqual(
      (first.measuredFiles as { path: string; kind: string }[]).map((file) => `${file.kind} ${file.path}`),
      ["protected package.json", "protected test/add.test.js", "hidden test/hidden/edge.test.js"],
    );

    // It looked in the worktree (and, under bwrap, where they are kept): nothing there; its output is checked below.
    assert.match(first.agentOutput, /worktree hidden folder:\n.*No such file or directory/);
    if (sandbox === "bwrap") assert.match(first.agentOutput, /kept hidden checks:\n.*No such file or directory/);
    const stored = [
      ...rows.flatMap((row) => [row.diff, row.prompt, row.agentOutput]),
      ...(await harness.db.layerResult.findMany({ where: { iteration: { goalId: goal.id } } })).flatMap((layer) => [layer.log, layer.comments ?? ""]),
      ...(await harness.db.event.findMany({ where: { goalId: goal.id } })).map((event) => JSON.stringify(event.data) + event.message),
    ].join("\n");
    assert.doesNotMatch(stored, new RegExp(CANARY), "the hidden checks' contents are in no log, diff, prompt or event");
    const tree = await runGit(["ls-tree", "-r", "--name-only", rows[2].commit!], { cwd: repo });
    assert.doesNotMatch(tree.stdout, /hidden/, "never committed");
  });
}

test("a converged goal's certificate hashes the protected and hidden files as measured", async () => {
  await hiddenGoal("honest", "fix", "none");
  const goal = await harness.waitForPhase("honest", ENDED, 120_000);
  assert.equal(goal.phase, "Converged", goal.message);
  const row = await harness.db.certificate.findFirstOrThrow({ where: { goalId: goal.id } });
  const certificate = JSON.parse(row.payload) as {
    measuredFiles: { path: string; kind: string; sha256: string }[];
    layers: { name: string; hiddenFailed: boolean | null }[];
  };
  assert.deepEqual(certificate.measuredFiles, [
    { path: "test/hidden/edge.test.js", kind: "hidden", sha256: sha256(HIDDEN_TEST) },
    { path: "package.json", kind: "protected", sha256: sha256(PACKAGE) },
    { path: "test/add.test.js", kind: "protected", sha256: sha256(VISIBLE_TEST) },
  ]);
  assert.deepEqual(
    certificate.layers.map((layer) => [layer.name, layer.hiddenFailed]),
    [
      ["tests", null],
      ["hidden", false],
    ],
  );
});

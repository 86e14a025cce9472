// spec.context and spec.contextCommand through the real runner: the files read from the iteration's starting
// commit (each cut at its cap, said so), the command run in the worktree, both in the prompt the agent gets;
// absolute paths only inside SETPOINT_REPO_ROOTS; the form's preview of the first prompt runs nothing.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { after, before, test } from "node:test";
import { previewPrompt } from "../../server/context/preview-prompt";
import { validateManifest } from "../../server/goals/apply-goal";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { API_VERSION } from "../../server/spec/goal-spec";
import { runGit } from "../../server/workspace/run-git";
import { startHarness, type Harness } from "../helpers/loop-harness";

// One key for this process (the goal's secret is sealed here and opened by the in-process runner).
process.env.SETPOINT_SECRET_KEY = crypto.randomBytes(32).toString("base64");
const SECRET = `tok-${crypto.randomBytes(12).toString("hex")}`;

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

const LONG_AGENTS = `Use tabs, never spaces.\n${"x".repeat(20_000)}\nLAST LINE`;

function knowingSpec(repo: string, overrides: Record<string, unknown> = {}) {
  return {
    intent: "Write done.txt.",
    workspace: { repo, ref: "main" },
    // Writes the prompt it was given into done.txt, which the layer looks for.
    agent: { executor: "command", command: "cat > done.txt", timeoutSeconds: 60 },
    metrics: [{ metric: "done.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "done", run: "test -f done.txt", parse: "exit-code" }] },
    stop: { maxIterations: 2, stallIterations: 2 },
    ...overrides,
  };
}

test("the prompt carries the context files from the starting commit, cut at their cap, and the context command's output from the worktree, secrets masked", async () => {
  const repo = await harness.gitRepo("knowing", {
    "AGENTS.md": LONG_AGENTS,
    "notes.txt": `the notes say hello; the token is ${SECRET}\n`,
    "package.json": "{}\n",
  });
  // Not committed: the working tree of the user's folder is not what an iteration starts from.
  fs.writeFileSync(path.join(repo, "AGENTS.md"), "uncommitted words\n");
  await harness.apply(
    "knowing",
    knowingSpec(repo, {
      contextCommand: "echo in $(basename $(pwd)); cat notes.txt; echo env $API_TOKEN",
      context: ["AGENTS.md", "docs/missing.md", "notes.txt"],
    }),
  );
  await setGoalSecret(harness.db, "knowing", { name: "API_TOKEN", value: SECRET }, "test");
  await harness.startRunner();
  const goal = await harness.waitForPhase("knowing", ["Converged", "Stalled", "Exhausted", "Failed"]);
  assert.equal(goal.phase, "Converged", goal.message ?? "");

  const first = (await harness.iterations("knowing")).find((row) => row.number === 1)!;
  assert.match(first.prompt, /## Project knowledge/);
  assert.match(first.prompt, /### AGENTS\.md\n`+\nUse tabs, never spaces\./);
  assert.match(first.prompt, /\(cut at 16384 bytes of 20034\)/);
  assert.doesNotMatch(first.prompt, /LAST LINE|uncommitted words/);
  assert.match(first.prompt, /### docs\/missing\.md\n\(not included: no such file in the repository at [0-9a-f]{12}\)/);
  assert.match(first.prompt, /### notes\.txt\n`+\nthe notes say hello; the token is \*\*\*\n/);
  assert.match(first.prompt, /### Output of `echo in .*`\n`+\nin knowing-1-\d+\nthe notes say hello; the token is \*\*\*\nenv \*\*\*\n/);
  assert.ok(!first.prompt.includes(SECRET));
  // What was stored is what the agent was given: it wrote its stdin into done.txt, now in the converged commit.
  const written = await runGit(["show", `${goal.acceptedCommit}:done.txt`], { cwd: repo });
  assert.equal(written.stdout, first.prompt);
});

test("an absolute context path is refused at apply, naming the field, unless it is inside SETPOINT_REPO_ROOTS", async () => {
  const repo = await harness.gitRepo("absolute", { "README.md": "hi\n" });
  const outside = path.join(harness.dir, "skills", "SKILL.md");
  fs.mkdirSync(path.dirname(outside), { recursive: true });
  fs.writeFileSync(outside, "# Skill\nAlways run the linter.\n");
  // Checked out, a link may lead anywhere: the preview, which reads the folder, does not follow it out.
  fs.symlinkSync(outside, path.join(repo, "leak.md"));
  const manifest = {
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "absolute" },
    spec: knowingSpec(repo, { context: ["README.md", outside, "leak.md"] }),
  };

  delete process.env.SETPOINT_REPO_ROOTS;
  assert.throws(
    () => validateManifest(manifest),
    (error: Error & { issues?: { path: string; message: string }[] }) => {
      assert.equal(error.issues?.[0].path, "spec.context.1");
      assert.match(error.issues![0].message, /allowed only inside SETPOINT_REPO_ROOTS, which is not set/);
      return true;
    },
  );
  process.env.SETPOINT_REPO_ROOTS = path.join(harness.dir, "elsewhere");
  try {
    assert.throws(() => validateManifest(manifest), /spec\.context\.1: .*outside every allowed repository root/);
    process.env.SETPOINT_REPO_ROOTS = harness.dir;
    const preview = await previewPrompt(manifest);
    assert.deepEqual(preview.repository, { read: true, folder: fs.realpathSync(repo) });
    assert.match(preview.prompt, /# Setpoint goal "absolute": iteration 1/);
    assert.match(preview.prompt, /### README\.md\n`+\nhi\n/);
    assert.match(preview.prompt, /### leak\.md\n\(not included: a symlink leading out of the repository\)/);
    assert.match(preview.prompt, new RegExp(`### ${outside.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\n\`+\\n# Skill\\nAlways run the linter\\.`));
  } finally {
    delete process.env.SETPOINT_REPO_ROOTS;
  }
});

test("the preview of the first prompt runs nothing, and says when the repository cannot be read here", async () => {
  const marker = path.join(harness.dir, "context-command-ran");
  const manifest = {
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: { name: "remote" },
    spec: knowingSpec("https://git.example.com/team/app.git", { context: ["AGENTS.md"], contextCommand: `touch ${marker}` }),
  };
  const preview = await previewPrompt(manifest);
  assert.deepEqual(preview.repository, { read: false, why: "https://git.example.com/team/app.git is a URL, cloned only by a runner" });
  assert.match(preview.prompt, /### AGENTS\.md\n\(not included: read when the iteration runs: https:\/\/git\.example\.com\/team\/app\.git is a URL/);
  assert.match(preview.prompt, /### Output of `touch .*`\n\(its output is added when the iteration runs/);
  assert.equal(fs.existsSync(marker), false);
  await assert.rejects(
    previewPrompt({ ...manifest, spec: { ...manifest.spec, context: ["../outside.md"] } }),
    /spec\.context\[0\]: must be a file in the repository/,
  );
});

// A run layer's hidden checks, measured by the real evaluation in a temp folder: there only while their
// layer runs, hashed, their output replaced by counts and failing names, and refused in words when their
// source is missing or their target is taken.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { evaluateLayers } from "../../server/evaluation/evaluate-layers";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import { childEnv } from "../fixtures/evaluation/child-env";
import { commandAgent } from "../fixtures/evaluation/command-agent";

const CANARY = "CANARY-hidden-body-91";
const HIDDEN = `import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("the held-out case", () => assert.equal(1, 2, "${CANARY}"));\ntest("another held-out case", () => {});\n`;

const roots: string[] = [];
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function project() {
  const root = await mkdtemp(path.join(os.tmpdir(), "setpoint-hidden-"));
  roots.push(root);
  const worktree = path.join(root, "worktree");
  const kept = path.join(root, "kept");
  await mkdir(path.join(worktree, "test"), { recursive: true });
  await mkdir(kept);
  await writeFile(path.join(kept, "held-out.test.mjs"), HIDDEN);
  await writeFile(path.join(worktree, "test/visible.test.mjs"), 'import { test } from "node:test";\ntest("visible", () => {});\n');
  return { worktree, kept };
}

const spec = (kept: string, to = "test/hidden") =>
  goalSpecSchema.parse({
    intent: "x",
    workspace: { repo: "/nonexistent/repo" },
    agent: { executor: "demo" },
    metrics: [{ metric: "held.pass_ratio", target: ">= 1" }],
    evaluation: {
      layers: [
        { name: "tests", run: "node --test --test-reporter=tap test/visible.test.mjs", parse: "tap" },
        // The layer itself shows the checks are in place while it runs.
        { name: "held", run: `test -f ${to}/held-out.test.mjs && node --test --test-reporter=tap ${to}/`, parse: "tap", hidden: { from: kept, to } },
        { name: "after", run: `test ! -e ${to}` },
      ],
    },
  });

const evaluate = (worktree: string, kept: string, to?: string) =>
  evaluateLayers(spec(kept, to), {
    cwd: worktree,
    env: childEnv(),
    changes: [],
    diff: "",
    goal: "g",
    iteration: 1,
    baseline: false,
    runAgent: commandAgent,
  });

test("hidden checks are copied in for their layer only, hashed, and their output is never kept", async () => {
  const { worktree, kept } = await project();
  const streamed: string[] = [];
  const result = await evaluateLayers(spec(kept), {
    cwd: worktree,
    env: childEnv(),
    changes: [],
    diff: "",
    goal: "g",
    iteration: 1,
    baseline: false,
    runAgent: commandAgent,
    onOutput: (layer, chunk) => streamed.push(`${layer}:${chunk}`),
  });
  const [visible, held, later] = result.layers;
  assert.deepEqual([visible.ok, held.ok, later.ok], [true, false, true], "measured while there, gone for the next layer");
  assert.deepEqual([result.metrics["held.total"], result.metrics["held.failed"]], [2, 1]);
  assert.equal(held.hiddenFailed, true, "visible checks passed while hidden ones failed");
  assert.equal(visible.hiddenFailed, undefined);
  assert.match(held.log, /failing: the held-out case/);
  assert.doesNotMatch(held.log + streamed.join(""), new RegExp(CANARY));
  assert.deepEqual(held.measuredFiles, [{ path: "test/hidden/held-out.test.mjs", kind: "hidden", sha256: createHash("sha256").update(HIDDEN).digest("hex") }]);
  assert.equal(existsSync(path.join(worktree, "test/hidden")), false);
});

test("a missing source or a target the repository already has fails the layer in words, touching nothing", async () => {
  const { worktree, kept } = await project();
  const missing = await evaluate(worktree, path.join(kept, "nope"));
  assert.equal(missing.layers[1].ok, false);
  assert.match(missing.layers[1].log, /the hidden checks were not run: hidden\.from .*nope does not exist on this runner/);

  const taken = await evaluate(worktree, kept, "test");
  assert.equal(taken.layers[1].ok, false);
  assert.match(taken.layers[1].log, /hidden\.to 'test' already exists in the repository/);
  assert.match(await readFile(path.join(worktree, "test/visible.test.mjs"), "utf8"), /visible/, "the repository's files stay");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import { evaluateLayers, type EvaluateLayersContext } from "../../server/evaluation/evaluate-layers";
import type { RunAgent } from "../../server/executors/types";
import { goalSpecSchema, type GoalSpec, type GoalSpecInput } from "../../server/spec/goal-spec";
import { childEnv } from "../fixtures/evaluation/child-env";
import { commandAgent } from "../fixtures/evaluation/command-agent";
import { makeNodeTestProject } from "../fixtures/evaluation/node-test-project";

type LayerInput = GoalSpecInput["evaluation"]["layers"][number];

const APPROVE = `cat >/dev/null; echo '{"verdict":"approve","score":0.8,"comments":"looks right"}'`;
const spec = (layers: LayerInput[]): GoalSpec =>
  goalSpecSchema.parse({
    intent: "Make every calc test pass without editing the tests.",
    workspace: { repo: "." },
    agent: { executor: "demo" },
    metrics: [{ metric: `${(layers[0] as { name: string }).name}.ok`, target: "== 1" }],
    evaluation: { layers },
  });

const layersOfAKind = [
  { name: "tests", run: "node --test --test-reporter=tap", parse: "tap" },
  { name: "scope", policy: { forbidPaths: ["*.test.mjs"], maxChangedLines: 50 } },
  { name: "review", agent: { executor: "command", command: APPROVE } },
];

async function withProject<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeNodeTestProject({ failing: false });
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const context = (cwd: string, fields: Partial<EvaluateLayersContext> = {}): EvaluateLayersContext => ({
  cwd,
  env: childEnv(),
  changes: [{ path: "src/calc.js", added: 3, deleted: 1, binary: false }],
  diff: "diff --git a/src/calc.js b/src/calc.js\n",
  goal: "fix-calc",
  iteration: 2,
  baseline: false,
  runAgent: commandAgent,
  ...fields,
});

test("an iteration runs every layer in spec order and merges their metrics", async () => {
  await withProject(async (dir) => {
    const started: string[] = [];
    const streamed = new Set<string>();
    const result = await evaluateLayers(
      spec(layersOfAKind),
      context(dir, {
        onLayerStart: (name) => started.push(name),
        onOutput: (layer) => streamed.add(layer),
      }),
    );
    assert.deepEqual(started, ["tests", "scope", "review"]);
    assert.deepEqual(
      result.layers.map((layer) => [layer.name, layer.kind, layer.ok]),
      [
        ["tests", "run", true],
        ["scope", "policy", true],
        ["review", "agent", true],
      ],
    );
    assert.equal(result.policyOk, true);
    assert.equal(result.metrics["tests.pass_ratio"], 1);
    assert.equal(result.metrics["tests.total"], 7);
    assert.equal(result.metrics["scope.changed_lines"], 4);
    assert.equal(result.metrics["review.approved"], 1);
    assert.equal(result.metrics["review.score"], 0.8);
    assert.deepEqual([...streamed].sort(), ["review", "tests"]);
  });
});

test("a policy violation makes policyOk false while the other layers are still measured", async () => {
  await withProject(async (dir) => {
    const result = await evaluateLayers(
      spec(layersOfAKind),
      context(dir, {
        changes: [{ path: "./calc.test.mjs", added: 1, deleted: 1, binary: false }],
      }),
    );
    assert.equal(result.policyOk, false);
    assert.equal(result.metrics["scope.ok"], 0);
    assert.equal(result.layers[1].comments, "calc.test.mjs is in forbidPaths '*.test.mjs'");
    assert.equal(result.metrics["tests.pass_ratio"], 1);
    assert.equal(result.metrics["review.approved"], 1);
  });
});

test("a failing layer does not stop the layers after it", async () => {
  await withProject(async (dir) => {
    const result = await evaluateLayers(
      spec([
        { name: "lint", run: "exit 1" },
        { name: "build", run: "true" },
      ]),
      context(dir),
    );
    assert.deepEqual(result.metrics, {
      "lint.exit_code": 1,
      "lint.ok": 0,
      "lint.duration_s": result.metrics["lint.duration_s"],
      "build.exit_code": 0,
      "build.ok": 1,
      "build.duration_s": result.metrics["build.duration_s"],
    });
    assert.equal(result.policyOk, true, "with no policy layers every policy holds");
  });
});

test("on the baseline the reviewer is not asked and policies judge an empty change set", async () => {
  await withProject(async (dir) => {
    let reviews = 0;
    const countingAgent: RunAgent = async (agent, request) => {
      reviews += 1;
      return commandAgent(agent, request);
    };
    const result = await evaluateLayers(
      spec(layersOfAKind),
      context(dir, {
        iteration: 0,
        baseline: true,
        diff: "",
        changes: [{ path: "calc.test.mjs", added: 100, deleted: 0, binary: false }],
        runAgent: countingAgent,
      }),
    );
    assert.equal(reviews, 0);
    const review = result.layers[2];
    assert.deepEqual(
      { ok: review.ok, metrics: review.metrics, log: review.log },
      {
        ok: true,
        metrics: {},
        log: "skipped on the baseline: there is no change to review",
      },
    );
    assert.equal(result.policyOk, true);
    assert.deepEqual([result.metrics["scope.ok"], result.metrics["scope.changed_lines"]], [1, 0]);
    assert.equal(result.metrics["review.approved"], undefined);
    assert.equal(result.metrics["tests.pass_ratio"], 1);
  });
});

test("an abort stops the evaluation with an AbortError and starts no further layer", async () => {
  await withProject(async (dir) => {
    const controller = new AbortController();
    const started: string[] = [];
    setTimeout(() => controller.abort(), 300);
    const begun = Date.now();
    await assert.rejects(
      evaluateLayers(
        spec([
          { name: "slow", run: "sleep 30" },
          { name: "after", run: "true" },
        ]),
        context(dir, {
          signal: controller.signal,
          onLayerStart: (name) => started.push(name),
        }),
      ),
      (error: Error) => error.name === "AbortError",
    );
    assert.ok(Date.now() - begun < 4000);
    assert.deepEqual(started, ["slow"]);
  });
});

test("an evaluation asked for after an abort starts nothing", async () => {
  const controller = new AbortController();
  controller.abort();
  let started = 0;
  await assert.rejects(
    evaluateLayers(
      spec([{ name: "build", run: "true" }]),
      context("/", {
        signal: controller.signal,
        onLayerStart: () => {
          started += 1;
        },
      }),
    ),
    { name: "AbortError" },
  );
  assert.equal(started, 0);
});

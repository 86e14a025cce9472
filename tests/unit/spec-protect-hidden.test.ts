// evaluation.protect and a run layer's hidden checks in the goal schema: what is accepted, and errors that
// name the field and say what was expected.
import assert from "node:assert/strict";
import { test } from "node:test";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import { hiddenSourceProblems } from "../../server/evaluation/hidden-source";

const base = {
  intent: "make every test pass",
  workspace: { repo: "/srv/repos/app" },
  agent: { executor: "demo" },
  metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
};

function problems(spec: unknown): string[] {
  const parsed = goalSpecSchema.safeParse(spec);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

test("protect defaults to nothing, takes relative globs, and its metric may be a target", () => {
  const parsed = goalSpecSchema.parse({ ...base, evaluation: { layers: [{ name: "tests", run: "npm test" }] } });
  assert.deepEqual(parsed.evaluation.protect, []);
  assert.deepEqual(
    problems({
      ...base,
      metrics: [...base.metrics, { metric: "protect.violations", target: "== 0" }],
      evaluation: { layers: [{ name: "tests", run: "npm test" }], protect: ["test/**", "package.json"] },
    }),
    [],
  );
});

test("bad protect globs and a layer named like its metric are refused, naming the field", () => {
  assert.deepEqual(problems({ ...base, evaluation: { layers: [{ name: "tests", run: "npm test" }], protect: ["/etc/passwd", "../x", ""] } }), [
    "evaluation.protect.0: must be relative to the repository's top folder, e.g. 'test/**'",
    "evaluation.protect.1: must not climb out of the repository with '..'",
    "evaluation.protect.2: must be a glob, e.g. 'test/**'",
  ]);
  assert.deepEqual(
    problems({
      ...base,
      evaluation: {
        layers: [
          { name: "tests", run: "npm test" },
          { name: "protect", run: "true" },
        ],
        protect: ["test/**"],
      },
    }),
    ["evaluation.layers.1.name: 'protect' names the metrics of evaluation.protect (protect.violations); give this layer another name"],
  );
  assert.match(
    problems({ ...base, metrics: [{ metric: "protect.violations", target: "== 0" }], evaluation: { layers: [{ name: "tests", run: "npm test" }] } })[0],
    /^metrics\.0\.metric: refers to layer 'protect'/,
  );
});

test("hidden checks need an absolute source and a path inside the worktree", () => {
  const layer = (hidden: unknown) => ({ ...base, evaluation: { layers: [{ name: "tests", run: "npm test", hidden }] } });
  assert.deepEqual(problems(layer({ from: "/srv/hidden/app", to: "test/hidden" })), []);
  assert.deepEqual(problems(layer({ from: "hidden/app", to: "../outside" })), [
    "evaluation.layers.0.hidden.from: must be an absolute path to a folder or file outside the repository, e.g. /srv/hidden/calc-tests",
    "evaluation.layers.0.hidden.to: must be a path inside the worktree, e.g. test/hidden; '../outside' climbs out of the repository with '..'",
  ]);
  assert.deepEqual(problems(layer({ from: "/srv/../etc", to: ".git/hooks" })), [
    "evaluation.layers.0.hidden.from: must not hold '..': name the folder itself",
    "evaluation.layers.0.hidden.to: must not be in .git",
  ]);
  assert.deepEqual(problems(layer({ from: "/srv/x", to: "t", extra: 1 })), ['evaluation.layers.0.hidden: Unrecognized key: "extra"']);
});

test("a hidden source inside the repository, or outside SETPOINT_REPO_ROOTS, is a spec error naming the field", () => {
  const spec = goalSpecSchema.parse({
    ...base,
    evaluation: {
      layers: [
        { name: "tests", run: "npm test" },
        { name: "held", run: "npm test", hidden: { from: "/srv/repos/app/test/held", to: "test/held" } },
      ],
    },
  });
  assert.deepEqual(hiddenSourceProblems(spec), [
    {
      path: "spec.evaluation.layers.1.hidden.from",
      message: "/srv/repos/app/test/held is inside the repository (/srv/repos/app), where the agent can read it; keep hidden checks outside it",
    },
  ]);
  const before = process.env.SETPOINT_REPO_ROOTS;
  process.env.SETPOINT_REPO_ROOTS = "/srv/repos";
  try {
    const outside = goalSpecSchema.parse({
      ...base,
      evaluation: { layers: [{ name: "tests", run: "npm test", hidden: { from: "/opt/held", to: "test/held" } }] },
    });
    const [problem] = hiddenSourceProblems(outside);
    assert.equal(problem.path, "spec.evaluation.layers.0.hidden.from");
    assert.match(
      problem.message,
      /^\/opt\/held \(\/opt\/held\) is outside every allowed repository root; the allowed roots \(SETPOINT_REPO_ROOTS\) are \/srv\/repos$/,
    );
  } finally {
    if (before === undefined) delete process.env.SETPOINT_REPO_ROOTS;
    else process.env.SETPOINT_REPO_ROOTS = before;
  }
});

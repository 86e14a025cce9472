import fs from "node:fs";
// Every goal template, written by `setpoint new` for a small real repository, applied as it comes (only the
// maker swapped for a stand-in `command` agent that makes the fix) and converged through the real runner.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse } from "yaml";
import { TEMPLATE_NAMES } from "../../server/templates/template-catalog";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

function setpointNew(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "new", ...args], { cwd: harness.dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const ADD_TEST = `const add = require("../add.js");\nif (add(2, 3) !== 5) { console.error("add(2, 3) is " + add(2, 3)); process.exit(1); }\n`;
const FIX_ADD = `printf 'module.exports = (a, b) => a + b;\\n' > add.js`;

// Per template: the repository (broken the way the template fixes), the options, and the stand-in agent's fix.
const CASES: Record<string, { files: Record<string, string>; args: string[]; fix: string; layers: string[] }> = {
  "fix-tests": {
    files: {
      "package.json": JSON.stringify({ scripts: { test: "node test/add.test.js" } }),
      "add.js": "module.exports = (a, b) => a - b;\n",
      "test/add.test.js": ADD_TEST,
    },
    args: [],
    fix: FIX_ADD,
    layers: ["tests"],
  },
  "raise-coverage": {
    files: {
      "package.json": JSON.stringify({ scripts: { test: "node test/add.test.js", coverage: "node coverage.js" } }),
      "add.js": "module.exports = (a, b) => a + b;\n",
      "test/add.test.js": ADD_TEST,
      // Stands in for a coverage tool: each test file covers 45%, as istanbul's table prints it.
      "coverage.js": `const n = require("fs").readdirSync("test").length;\nconsole.log("All files | " + Math.min(100, 45 * n) + " | 100 | 100 | 100 |");\n`,
    },
    args: ["--coverage", "85"],
    fix: `cp test/add.test.js test/more.test.js`,
    layers: ["tests", "coverage"],
  },
  "clear-lint": {
    files: {
      "package.json": JSON.stringify({ scripts: { test: "node test/add.test.js", lint: "node lint.js" } }),
      "add.js": "var add = (a, b) => a + b;\nmodule.exports = add;\n",
      "test/add.test.js": ADD_TEST,
      "lint.js": `if (require("fs").readFileSync("add.js", "utf8").includes("var ")) { console.error("add.js:1 no-var"); process.exit(1); }\n`,
    },
    args: [],
    fix: `sed -i 's/var add/const add/' add.js`,
    layers: ["lint", "tests"],
  },
  "type-check": {
    files: {
      "package.json": JSON.stringify({ scripts: { test: "node test/add.test.js", typecheck: "node typecheck.js" } }),
      "tsconfig.json": "{}\n",
      "add.js": "module.exports = (a, b) => a + b;\n",
      "test/add.test.js": ADD_TEST,
      "add.ts": "export const add = (a: any, b: any) => a + b;\n",
      "typecheck.js": `if (require("fs").readFileSync("add.ts", "utf8").includes(": any")) { console.error("add.ts(1,22): error TS7006"); process.exit(2); }\n`,
    },
    args: [],
    fix: `sed -i 's/: any/: number/g' add.ts`,
    layers: ["types", "tests"],
  },
  "no-regression": {
    files: {
      "package.json": JSON.stringify({ scripts: { test: "node test/add.test.js && test -f greet.js" } }),
      "add.js": "module.exports = (a, b) => a + b;\n",
      "test/add.test.js": ADD_TEST,
      "bench.js": `console.log("iteration 7: " + (require("fs").existsSync("greet.js") ? 42 : 40) + " ms");\n`,
    },
    // No --max: the bound is relative, within 5% of the baseline's 40 ms.
    args: ["--intent", "Add greet.js exporting a greet(name) function.", "--bench", "node bench.js"],
    fix: `printf 'module.exports = (name) => "hello " + name;\\n' > greet.js`,
    layers: ["tests", "bench"],
  },
};

test("the catalog's templates are the ones tested here", () => {
  assert.deepEqual(Object.keys(CASES).sort(), [...TEMPLATE_NAMES].sort());
});

for (const template of TEMPLATE_NAMES) {
  test(`${template}: setpoint new writes a goal that converges on a small repository with a stand-in agent`, async () => {
    const { files, args, fix, layers } = CASES[template];
    const repo = await harness.gitRepo(`repo-${template}`, files);
    const written = await setpointNew([template, "--repo", repo, "--name", `t-${template}`, ...args]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, new RegExp(`^# setpoint template ${template}: `));
    assert.match(written.stdout, /# read from .*: npm \(no lockfile\), scripts: /);
    const manifest = parse(written.stdout);
    if (template === "no-regression") assert.ok(manifest.spec.metrics.some((each: { target: string }) => each.target === "<= baseline * 1.05"));
    assert.deepEqual(
      manifest.spec.evaluation.layers.map((layer: { name: string }) => layer.name),
      layers,
    );
    assert.ok(manifest.spec.evaluation.protect.includes("package.json"));
    manifest.spec.agent = { executor: "command", command: fix, timeoutSeconds: 60 };

    await harness.apply(manifest.metadata.name, manifest.spec);
    const goal = await harness.waitForPhase(manifest.metadata.name, ["Converged", "Stalled", "Exhausted", "Failed"], 120_000);
    assert.equal(goal.phase, "Converged", goal.message ?? "");
    const iterations = await harness.iterations(manifest.metadata.name);
    // The baseline measured the repository short of the targets; the agent's one change met them.
    assert.equal(iterations.length, 2);
    assert.equal(iterations[1].accepted, true);
  });
}

test("setpoint new says what is missing, in words", async () => {
  const repo = await harness.gitRepo("bare-repo", { "README.md": "hi\n" });
  const noTests = await setpointNew(["fix-tests", "--repo", repo]);
  assert.equal(noTests.code, 1);
  assert.match(noTests.stderr, /error: the repository's package\.json has no scripts\.test/);
  const noTsconfig = await setpointNew(["type-check", "--repo", repo]);
  assert.match(noTsconfig.stderr, /error: type-check needs a tsconfig\.json/);
  const unknown = await setpointNew(["make-it-fast", "--repo", repo]);
  assert.match(unknown.stderr, /error: no template 'make-it-fast'; the templates are fix-tests, raise-coverage, clear-lint, type-check, no-regression/);
  // A folder inside a repository (the runner would refuse it once the goal ran): refused here, before any YAML.
  const inside = path.join(repo, "sub");
  fs.mkdirSync(inside);
  const nested = await setpointNew(["fix-tests", "--repo", inside]);
  assert.equal(nested.code, 1);
  assert.equal(nested.stdout, "");
  assert.match(nested.stderr, /is not the top folder of a git repository \(it has no \.git\): run git init there/);
});

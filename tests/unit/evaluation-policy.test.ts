import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { evaluatePolicy } from "../../server/evaluation/evaluate-policy";
import { normaliseRepoPath } from "../../server/evaluation/normalise-repo-path";
import type { ChangedFile } from "../../server/evaluation/types";
import type { PolicyLayer } from "../../server/spec/goal-spec";
import { diffBetween } from "../../server/workspace/diff-between";
import { runGit } from "../../server/workspace/run-git";

const policy = (rules: Partial<PolicyLayer["policy"]>): PolicyLayer => ({ name: "scope", policy: { forbidPaths: [], ...rules } });
const change = (path: string, added = 1, deleted = 0): ChangedFile => ({ path, added, deleted, binary: false });

test("editing a test file under a forbidden folder is refused, in words the agent can act on", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["test/**"] }), [change("src/calc.js", 4, 1), change("test/calc.test.js", 2, 2)]);
  assert.equal(outcome.ok, false);
  assert.equal(outcome.kind, "policy");
  assert.deepEqual(outcome.metrics, { "scope.ok": 0, "scope.changed_lines": 9, "scope.violations": 1 });
  assert.equal(outcome.comments, "test/calc.test.js is in forbidPaths 'test/**'");
  assert.match(outcome.log, /1 violation in 2 changed files, 9 changed lines:\n- test\/calc\.test\.js is in forbidPaths 'test\/\*\*'/);
});

test("a change that stays clear of every rule passes with no comments", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["test/**", "*.lock"], allowPaths: ["src/**"], maxChangedLines: 10 }), [change("src/a.js", 5, 5)]);
  assert.equal(outcome.ok, true);
  assert.deepEqual(outcome.metrics, { "scope.ok": 1, "scope.changed_lines": 10, "scope.violations": 0 });
  assert.equal(outcome.comments, null);
  assert.match(outcome.log, /no violations: 1 changed file, 10 changed lines/);
});

test("forbidden dotfiles are matched too", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["**/*.env", ".github/**"] }), [change(".github/workflows/ci.yml"), change("config/.env")]);
  assert.equal(outcome.metrics["scope.violations"], 2);
});

test("allowPaths refuses every change outside the listed globs", () => {
  const outcome = evaluatePolicy(policy({ allowPaths: ["src/**", "docs/*.md"] }), [
    change("src/x.ts"),
    change("docs/a.md"),
    change("docs/deep/b.md"),
    change("package.json"),
  ]);
  assert.equal(outcome.ok, false);
  assert.equal(
    outcome.comments,
    ["docs/deep/b.md is not in allowPaths 'src/**', 'docs/*.md'", "package.json is not in allowPaths 'src/**', 'docs/*.md'"].join("\n"),
  );
});

test("maxChangedLines counts added plus deleted lines across files", () => {
  const files = [change("a.js", 30, 10), change("b.js", 0, 11)];
  assert.equal(evaluatePolicy(policy({ maxChangedLines: 51 }), files).ok, true);
  const over = evaluatePolicy(policy({ maxChangedLines: 50 }), files);
  assert.equal(over.ok, false);
  assert.equal(over.metrics["scope.changed_lines"], 51);
  assert.equal(over.comments, "51 lines changed (added + deleted), more than maxChangedLines 50");
});

test("a deleted file is a change to its path", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["test/**"] }), [change("test/old.test.js", 0, 40)]);
  assert.equal(outcome.ok, false);
  assert.equal(outcome.metrics["scope.changed_lines"], 40);
});

test("a rename touches both paths: into a forbidden folder, and out of one", () => {
  const rules = policy({ forbidPaths: ["test/**"] });
  const into = evaluatePolicy(rules, [{ ...change("test/calc.js"), from: "src/calc.js" }]);
  assert.equal(into.comments, "test/calc.js (renamed from src/calc.js) is in forbidPaths 'test/**'");
  const outOf = evaluatePolicy(rules, [{ ...change("src/calc.js"), from: "test/calc.js" }]);
  assert.equal(outOf.comments, "test/calc.js (renamed to src/calc.js) is in forbidPaths 'test/**'");
  const allowedOnly = evaluatePolicy(policy({ allowPaths: ["src/**"] }), [{ ...change("src/moved.json"), from: "package.json" }]);
  assert.equal(allowedOnly.comments, "package.json (renamed to src/moved.json) is not in allowPaths 'src/**'");
});

test("a file whose name looks like git's rename notation is judged by its real path", () => {
  // Paths come from `git diff --numstat -z`: a " => " in one is part of a name, not a rename.
  const rules = policy({ forbidPaths: ["secrets/**"] });
  assert.equal(evaluatePolicy(rules, [change("secrets/x => ok.txt")]).comments, "secrets/x => ok.txt is in forbidPaths 'secrets/**'");
  assert.equal(evaluatePolicy(rules, [change("secrets/{x => ok}.txt")]).ok, false);
});

test("hostile spellings of a forbidden path are all refused", () => {
  const rules = policy({ forbidPaths: ["secrets/**"] });
  for (const written of ["./secrets/x", "a/../secrets/x", "secrets//x", "secrets/./x", "./a/./../secrets//x"]) {
    assert.equal(evaluatePolicy(rules, [change(written)]).comments, "secrets/x is in forbidPaths 'secrets/**'", written);
  }
});

test("a file whose name holds a newline is matched, and quoted in the violation so it cannot pose as lines of its own", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["secrets/**", "*.lock"] }), [change("secrets/a\nb"), change("x\ny.lock")]);
  assert.equal(outcome.comments, ["\"secrets/a\\nb\" is in forbidPaths 'secrets/**'", "\"x\\ny.lock\" is in forbidPaths '*.lock'"].join("\n"));
  // A name that reads like a forbidden path after its newline is a file at the top, not in secrets/.
  const top = evaluatePolicy(policy({ allowPaths: ["src/**"] }), [change("ok.txt\nsecrets/x")]);
  assert.equal(top.ok, false);
  assert.match(top.comments ?? "", /^"ok.txt\\nsecrets\/x" is not in allowPaths/);
});

test("a backslash, a separator on Windows only, cannot hide a forbidden path in either reading", () => {
  const rules = policy({ forbidPaths: ["secrets/**"] });
  // On Linux this is the file "a\..\..\ok" inside secrets/; read the Windows way it would leave it.
  assert.equal(evaluatePolicy(rules, [change("secrets/a\\..\\..\\ok")]).comments, "secrets/a\\..\\..\\ok is in forbidPaths 'secrets/**'");
  assert.equal(evaluatePolicy(rules, [change("secrets\\x")]).comments, "secrets/x is in forbidPaths 'secrets/**'");
});

test("forbidPaths and renames measured on a real repository: what git reports is what is judged", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "setpoint-policy-"));
  try {
    const git = (...args: string[]) => runGit(args, { cwd: dir });
    await git("init", "--quiet", "--initial-branch=main");
    await mkdir(path.join(dir, "secrets"));
    await writeFile(path.join(dir, "secrets", "key"), "hunter2\n".repeat(20));
    await writeFile(path.join(dir, "notes.txt"), "some notes\n".repeat(20));
    await git("add", "-A");
    await git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "start");
    const start = (await git("rev-parse", "HEAD")).stdout.trim();
    await git("mv", "secrets/key", "key.txt"); // out of the forbidden folder
    await git("mv", "notes.txt", "secrets/notes.txt"); // into it
    await writeFile(path.join(dir, "secrets", "new\nline"), "x\n");
    await git("add", "-A");
    await git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "-m", "agent");
    const { files } = await diffBetween(dir, start, "HEAD", 100_000);
    const outcome = evaluatePolicy(policy({ forbidPaths: ["secrets/"] }), files);
    assert.deepEqual(outcome.comments?.split("\n").sort(), [
      "\"secrets/new\\nline\" is in forbidPaths 'secrets/'",
      "secrets/key (renamed to key.txt) is in forbidPaths 'secrets/'",
      "secrets/notes.txt (renamed from notes.txt) is in forbidPaths 'secrets/'",
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("however a path is written, it is judged by its normal form", () => {
  const rules = policy({ forbidPaths: ["test/**"] });
  for (const written of ["./test/x.js", "test//x.js", "test\\x.js", "src/../test/x.js", "./././test/./x.js"]) {
    const outcome = evaluatePolicy(rules, [change(written)]);
    assert.equal(outcome.comments, "test/x.js is in forbidPaths 'test/**'", written);
  }
});

test("a path that climbs out of the repository, or is absolute, is itself a violation", () => {
  const rules = policy({ allowPaths: ["**"] });
  assert.equal(evaluatePolicy(rules, [change("../escape.js")]).comments, "../escape.js climbs out of the repository with '..'");
  assert.equal(evaluatePolicy(rules, [change("src/../../escape.js")]).ok, false);
  assert.equal(evaluatePolicy(rules, [change("/etc/passwd")]).comments, "/etc/passwd is an absolute path, outside the repository");
  assert.equal(evaluatePolicy(rules, [change("C:\\Windows\\x")]).ok, false);
});

test("patterns written like paths work: './test/**' and the folder shorthand 'test/'", () => {
  for (const pattern of ["./test/**", "test/"]) {
    assert.equal(evaluatePolicy(policy({ forbidPaths: [pattern] }), [change("test/a/b.js")]).ok, false, pattern);
    assert.equal(evaluatePolicy(policy({ forbidPaths: [pattern] }), [change("testing/a.js")]).ok, true, pattern);
  }
});

test("an empty change set passes every policy", () => {
  const outcome = evaluatePolicy(policy({ forbidPaths: ["**"], allowPaths: [], maxChangedLines: 0 }), []);
  assert.equal(outcome.ok, true);
  assert.deepEqual(outcome.metrics, { "scope.ok": 1, "scope.changed_lines": 0, "scope.violations": 0 });
});

// Arbitrary spellings of a path: "./" prefixes, doubled or backslash separators, detours "x/..".
const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,7}$/).filter((s) => s !== "." && s !== "..");
const spelledAs = (segments: string[]) =>
  fc
    .tuple(
      fc.constantFrom("", "./", "././"),
      fc.array(fc.constantFrom("/", "//", "\\", "/./"), { minLength: segments.length, maxLength: segments.length }),
      fc.array(fc.option(segment, { nil: undefined }), { minLength: segments.length, maxLength: segments.length }),
    )
    .map(
      ([prefix, separators, detours]) =>
        prefix +
        segments.map((part, index) => (detours[index] ? `${detours[index]}/../` : "") + part + (index < segments.length - 1 ? separators[index] : "")).join(""),
    );

test("property: any path under a forbidden folder, however written, is refused", () => {
  fc.assert(
    fc.property(
      fc
        .array(segment, { minLength: 1, maxLength: 5 })
        .chain((rest) => spelledAs(["test", ...rest]).map((written) => ({ written, normal: ["test", ...rest].join("/") }))),
      ({ written, normal }) => {
        const outcome = evaluatePolicy(policy({ forbidPaths: ["test/**"] }), [change(written)]);
        assert.equal(outcome.ok, false, written);
        assert.equal(outcome.comments, `${normal} is in forbidPaths 'test/**'`);
      },
    ),
  );
});

test("property: a normalised path is relative, has no empty, '.' or '..' segments, and normalises to itself", () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(segment, fc.constantFrom(".", "..", "")), { maxLength: 8 }), fc.constantFrom("/", "\\"), (parts, separator) => {
      const result = normaliseRepoPath(parts.join(separator));
      if (!result.ok) return;
      assert.ok(!result.path.startsWith("/"));
      assert.ok(
        result.path.split("/").every((part) => part !== "" && part !== "." && part !== ".."),
        result.path,
      );
      assert.deepEqual(normaliseRepoPath(result.path), result);
    }),
  );
});

test("property: a path that climbs above the repository root is refused even when everything is allowed", () => {
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { minLength: 1, maxLength: 4 }), (down, after) => {
      // Go down len(down) folders, then up one more than that: always outside the root.
      const written = [...down, ...down.map(() => ".."), "..", ...after].join("/");
      const outcome = evaluatePolicy(policy({ allowPaths: ["**"] }), [change(written)]);
      assert.equal(outcome.ok, false, written);
      assert.match(outcome.comments ?? "", /climbs out of the repository/);
    }),
  );
});

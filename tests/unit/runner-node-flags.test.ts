// `npm run runner` starts Node with the flags scripts/build-runner.ts prints after building the bundle. A flag this
// Node does not know (V8 renames its flags now and then) would stop every runner at its start, so the test starts
// Node with what the script printed, as the npm script does.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { RUNNER_NODE_FLAGS } from "../../scripts/build-runner";

const ROOT = path.resolve(import.meta.dirname, "../..");

test("npm run runner gets the runner's Node flags from build-runner, and this Node starts with them", () => {
  const built = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-runner.ts"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);
  const flags = built.stdout.trim().split(" ");
  assert.deepEqual(flags, RUNNER_NODE_FLAGS);
  const started = spawnSync(process.execPath, [...flags, "-e", "console.log(JSON.stringify(process.execArgv))"], { encoding: "utf8" });
  assert.equal(started.status, 0, started.stderr);
  assert.deepEqual(JSON.parse(started.stdout).slice(0, flags.length), flags);
});

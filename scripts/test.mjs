// `npm test`: every test. One embedded Postgres serves the whole run (each test file makes its own
// database in it), then the unit and integration tests run on Node's test runner, then the
// Playwright end-to-end tests. Ends with one line: "tests: N passed, N failed".
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const only = process.argv.slice(2);
const results = { passed: 0, failed: 0 };

function run(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

function testFiles(dir) {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { recursive: true })
    .filter((file) => file.endsWith(".test.ts"))
    .sort()
    .map((file) => path.join(dir, file));
}

function countTap(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const pick = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
  return { passed: pick("pass"), failed: pick("fail") + pick("cancelled") };
}

function countPlaywright(file) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0 };
  const stats = JSON.parse(fs.readFileSync(file, "utf8")).stats ?? {};
  return { passed: stats.expected ?? 0, failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0) };
}

async function main() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-test-"));
  // Tests make temp folders freely; all of them live in the scratch folder, removed at the end.
  const tmp = path.join(scratch, "tmp");
  fs.mkdirSync(tmp);
  // Run as root, runners run the goals' commands as an unprivileged agent user, who must pass through the
  // scratch folder (mkdtemp made it 0700; o+x, no listing) and, like in /tmp, make files in TMPDIR.
  fs.chmodSync(scratch, 0o711);
  fs.chmodSync(tmp, 0o1777);
  process.on("uncaughtException", (error) => {
    console.error(`\nthe test run itself failed: ${error.message}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    console.log(`\ntests: ${results.passed} passed, ${results.failed + 1} failed`);
    process.exit(1);
  });
  const { startEmbeddedPostgres } = await import("../server/db/embedded-postgres.ts").catch(() => ({}));
  let stop = async () => {};
  let env = {};
  if (startEmbeddedPostgres && !process.env.SETPOINT_TEST_PG_URL) {
    const server = await startEmbeddedPostgres(path.join(scratch, "pg-root"), { throwaway: true });
    stop = server.stop;
    // The bootstrap superuser's: each test file creates (and drops) a database of its own with it.
    env = { SETPOINT_TEST_PG_URL: server.adminUrl };
  }
  env = { ...env, TMPDIR: tmp };
  let exit = 0;
  try {
    if (!only.length) {
      // The types are a test too: tsc over the whole project, tests included.
      const code = await run(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", ROOT]);
      console.log(code === 0 ? "✔ typecheck (tsc --noEmit)" : "✖ typecheck (tsc --noEmit) failed");
      results[code === 0 ? "passed" : "failed"] += 1;
      if (code !== 0) exit = code;
      // So are the format and the lint rules (biome.jsonc): `npm run format` fixes what it can.
      const lint = await run(path.join(ROOT, "node_modules/.bin/biome"), ["ci", "--colors=off", "."]);
      console.log(lint === 0 ? "✔ format and lint (biome ci)" : "✖ format and lint (biome ci) failed: npm run format fixes the format and the safe findings");
      results[lint === 0 ? "passed" : "failed"] += 1;
      if (lint !== 0) exit = lint;
    }
    const chosen = only.length ? only.filter((file) => !file.startsWith("e2e")) : ["tests/unit", "tests/integration"];
    const files = chosen.flatMap((entry) => (entry.endsWith(".ts") ? [entry] : testFiles(entry)));
    if (files.length) {
      const tap = path.join(scratch, "node-tests.tap");
      const code = await run(
        process.execPath,
        [
          "--import",
          "tsx",
          "--test",
          "--test-reporter=spec",
          "--test-reporter-destination=stdout",
          "--test-reporter=tap",
          `--test-reporter-destination=${tap}`,
          ...files,
          // Keys a test's runner makes on first use (the certificate signing key) go to the scratch folder, not ./.data.
        ],
        { ...env, SETPOINT_DATA_DIR: path.join(scratch, "data") },
      );
      const counts = countTap(tap);
      results.passed += counts.passed;
      results.failed += counts.failed;
      if (code !== 0) exit = code;
    }
    const e2e = only.length ? only.filter((file) => file.startsWith("e2e")) : fs.existsSync(path.join(ROOT, "e2e")) ? ["e2e"] : [];
    if (e2e.length && process.env.SETPOINT_SKIP_E2E !== "1") {
      const json = path.join(scratch, "playwright.json");
      const code = await run(
        process.execPath,
        [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", "--reporter=list,json", ...(only.length ? e2e : [])],
        { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: json },
      );
      const counts = countPlaywright(json);
      results.passed += counts.passed;
      results.failed += counts.failed;
      if (code !== 0) exit = code;
    }
  } finally {
    await stop().catch(() => {});
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\ntests: ${results.passed} passed, ${results.failed} failed`);
  process.exit(exit !== 0 || results.failed > 0 ? 1 : 0);
}

main();

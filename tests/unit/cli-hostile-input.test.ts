// Hostile input to the CLI: arguments (path traversal, huge, NUL, numbers that are not numbers) and
// `apply -f` files (invalid UTF-8, NUL, billion laughs, deep nesting, __proto__ keys, huge files).
// Each must end in a clear error (an `error:` line, no stack trace), a non-zero exit, in bounded time,
// and nothing stored: the CLI runs in process against the real API router over HTTP, whose database
// is a trap that records any use.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import fc from "fast-check";
import { appRouter } from "../../server/api/root";
import type { Context } from "../../server/api/trpc";
import { main } from "../../server/cli/main";
import { createSetpointApi } from "../../server/cli/setpoint-client";

const GOAL = `apiVersion: setpoint.dev/v1
kind: Goal
metadata:
  name: fix-tests
  labels: { team: core }
spec:
  intent: Make the failing tests pass
  workspace: { repo: /tmp }
  agent: { executor: demo, env: { MODE: fast } }
  metrics:
    - { metric: tests.pass_ratio, target: ">= 1" }
  evaluation:
    layers:
      - { name: tests, run: npm test }
`;

let dir: string;
let cwd: string;
let server: http.Server;
let url: string;
let requests = 0;
const touched: string[] = [];

// Any use of the database (a read or a write) is recorded and fails the request.
const trapDb = new Proxy(
  {},
  {
    get: (_target, property) => {
      touched.push(String(property));
      throw new Error(`the database was used: ${String(property)}`);
    },
  },
);

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "setpoint-hostile-"));
  cwd = path.join(dir, "a", "b", "c");
  mkdirSync(cwd, { recursive: true });
  mkdirSync(path.join(dir, "files"));
  const handler = createHTTPHandler({
    router: appRouter,
    createContext: (): Context => ({ db: trapDb as Context["db"], caller: { name: "tester", role: "admin", via: "token" } }),
  });
  server = http.createServer((req, res) => {
    requests++;
    req.url = req.url!.slice("/api/trpc".length) || "/";
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { code: number; stderr: string; stdout: string; ms: number };

// One CLI run in this process, its stderr captured (commander and main write there).
async function run(argv: readonly string[]): Promise<Outcome> {
  let stderr = "";
  let stdout = "";
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  const started = Date.now();
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const context = {
      api: async () => createSetpointApi({ url, token: "spt_test", tokenSource: "test" }),
      print: (text: string) => {
        stdout += text;
      },
      now: () => new Date(),
    };
    const code = await Promise.race([main(["node", "setpoint", ...argv], context), new Promise<number>((resolve) => setTimeout(() => resolve(-1), 30_000))]);
    return { code, stderr, stdout, ms: Date.now() - started };
  } finally {
    process.chdir(previous);
    process.stderr.write = write;
  }
}

function assertRefused(outcome: Outcome, what: string): void {
  assert.notEqual(outcome.code, -1, `${what}: no answer within 30 s`);
  // 1: the user's mistake, said as such (2 would blame the server or the connection).
  assert.equal(outcome.code, 1, `${what}: exit ${outcome.code}\n${outcome.stdout}${outcome.stderr.slice(0, 500)}`);
  assert.match(outcome.stderr, /^error: \S/m, `${what}: a clear error line\n${outcome.stderr.slice(0, 500)}`);
  assert.doesNotMatch(outcome.stderr, /\n\s+at \S+ \(|\n\s+at file:|\n\s+at node:/, `${what}: no stack trace\n${outcome.stderr.slice(0, 2000)}`);
  assert.ok(outcome.stderr.length < 20_000, `${what}: the error is short (${outcome.stderr.length} characters)`);
  assert.deepEqual(touched, [], `${what}: nothing reached the database`);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype is untouched");
}

const describeArgv = (argv: readonly string[]) => JSON.stringify(argv.map((arg) => (arg.length > 80 ? `${arg.slice(0, 40)}…(${arg.length})` : arg)));

const VALID_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Words commander itself answers with help (exit 0): not hostile, just help.
const HELP = /^(-h|--help|help)$/;

const hostileName = fc
  .oneof(
    fc.constantFrom(
      "../../etc/passwd",
      "..",
      ".",
      "/",
      "a/../b",
      "C:\\Windows\\system32",
      "%2e%2e%2f",
      "a\u0000b",
      "\u0000",
      "UPPER",
      "-lead",
      "trail-",
      "ä",
      "a".repeat(64),
      "x".repeat(300_000),
      "__proto__",
      "constructor",
      "a b",
      "😀",
      "\uD800",
      "",
      "$(rm -rf /)",
      "a\nb",
    ),
    fc.string({ unit: "binary", minLength: 1, maxLength: 80 }),
    fc.array(fc.constantFrom("..", "etc", "passwd", "%00", "\u0000", "~"), { minLength: 1, maxLength: 60 }).map((parts) => parts.join("/")),
  )
  .filter((name) => !(VALID_NAME.test(name) && name.length <= 63) && !HELP.test(name));

const hostileNumber = fc
  .oneof(
    fc.constantFrom("-1", "1e3", "0x1f", "NaN", "Infinity", "1.5", "", " ", "９", "1\u0000", "1".repeat(100_000), "+1", "0b1"),
    fc.string({ unit: "binary", maxLength: 30 }).filter((text) => !/^\s*\d+\s*$/.test(text)),
    fc.bigInt({ min: 2n ** 31n, max: 2n ** 300n }).map(String),
  )
  .filter((text) => !HELP.test(text));

const hostileDuration = fc
  .oneof(
    fc.constantFrom("0s", "-5m", "1y", "5", "m", "99999999999999999999d", "1h".repeat(30), "1.5h", "P1D", "", "1 h"),
    fc.string({ unit: "binary", maxLength: 30 }).filter((text) => !/^\s*(\d+[smhdw])+\s*$/i.test(text)),
  )
  .filter((text) => !HELP.test(text));

const hostileText = fc.oneof(fc.constant(""), fc.constant("y".repeat(300_000)), fc.string({ unit: "binary", minLength: 201, maxLength: 400 }));

const hostileArgv: fc.Arbitrary<readonly string[]> = fc.oneof(
  hostileName.chain((name) =>
    fc.constantFrom(
      ["get", "goal", name],
      ["get", "iterations", name],
      ["describe", "goal", name],
      ["logs", name],
      ["pause", name],
      ["resume", name],
      ["cancel", name],
      ["delete", "goal", name],
      ["approve", name, "--iteration", "1"],
      ["reject", name, "--iteration", "1", "--comment", "no"],
      ["events", name],
      ["certificate", name],
      ["verify", name],
      ["verify", "certificate.json", "--public-key", name],
    ),
  ),
  hostileNumber.chain((number) =>
    fc.constantFrom(
      ["approve", "ok", "--iteration", number],
      ["reject", "ok", "--iteration", number, "--comment", "no"],
      ["logs", "ok", "--iteration", number],
      ["events", "--limit", number],
      ["get", "candidates", "ok", "--iteration", number],
      ["approve", "ok", "--candidate", number],
    ),
  ),
  hostileDuration.map((duration) => ["events", "--since", duration]),
  hostileText.chain((text) => fc.constantFrom(["events", "--actor", text], ["events", "--type", text])),
  fc
    .string({ unit: "binary", maxLength: 300 })
    .filter((text) => !/^[^=\s]+=[^=\s]*$/.test(text) || text.length > 200)
    .filter((text) => !HELP.test(text))
    .map((text) => ["get", "goals", "-l", text]),
  fc
    .string({ unit: "binary", maxLength: 40 })
    .filter((text) => !["wide", "json", "yaml"].includes(text) && !HELP.test(text))
    .map((text) => ["get", "goals", "-o", text]),
  fc
    .string({ unit: "binary", maxLength: 40 })
    .filter((text) => !/^(queued|running|awaitingapproval|paused|converged|stalled|exhausted|failed|cancelled)$/i.test(text) && !HELP.test(text))
    .map((text) => ["get", "goals", "--phase", text]),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 40 })
    .filter((word) => !/^(goals?|g|iterations?|its?|executors?|candidates?)$/i.test(word) && !HELP.test(word) && !word.startsWith("-"))
    .map((word) => ["get", word]),
  fc
    .string({ unit: "binary", minLength: 1, maxLength: 40 })
    .filter(
      (word) => !/^(apply|get|describe|logs|approve|reject|pause|resume|cancel|delete|events|certificate|verify|help)$/.test(word) && !word.startsWith("-"),
    )
    .map((word) => [word]),
  fc.constantFrom(
    ["apply"],
    ["reject", "ok", "--iteration", "1"],
    ["approve", "ok", "--iteration"],
    ["--no-such-option"],
    ["get", "goals", "--iteration", "1"],
    ["get", "candidates", "ok"],
  ),
);

test("hostile arguments get a clear error and exit 1 before any request", async () => {
  await fc.assert(
    fc.asyncProperty(hostileArgv, async (argv) => {
      requests = 0;
      assertRefused(await run(argv), describeArgv(argv));
      assert.equal(requests, 0, `${describeArgv(argv)}: refused before any request`);
    }),
    { numRuns: 250 },
  );
});

// A hostile goal file's bytes, from a family of attacks.
const laughs = fc.record({ levels: fc.integer({ min: 3, max: 10 }), width: fc.integer({ min: 3, max: 12 }) }).map(({ levels, width }) => {
  const lines = [`a0: &a0 [${Array(width).fill('"lol"').join(", ")}]`];
  for (let level = 1; level < levels; level++)
    lines.push(
      `a${level}: &a${level} [${Array(width)
        .fill(`*a${level - 1}`)
        .join(", ")}]`,
    );
  return Buffer.from(`${GOAL}${lines.join("\n")}\n`);
});
const insertAt = (text: string, at: number, insert: string) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1));
// Shown by its kind and size when a run fails, not as megabytes of bytes.
const labelled = (file: { kind: string; bytes: Buffer }) => Object.assign(file, { [fc.toStringMethod]: () => `${file.kind} (${file.bytes.length} bytes)` });
const hostileFile: fc.Arbitrary<{ kind: string; bytes: Buffer }> = fc
  .oneof(
    fc
      .record({ at: fc.nat(), bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xfe, 0xff]) })
      .map(({ at, bytes }) => {
        const goal = Buffer.from(GOAL);
        const cut = at % goal.length;
        return { kind: "invalid UTF-8", bytes: Buffer.concat([goal.subarray(0, cut), Buffer.from(bytes), goal.subarray(cut)]) };
      }),
    fc.nat().map((at) => ({ kind: "a NUL byte", bytes: Buffer.from(insertAt(GOAL, at, "\u0000")) })),
    fc
      .constantFrom('"a\\0b"', '"\\x00"', '"ok\\u0000"')
      .map((value) => ({ kind: "an escaped NUL", bytes: Buffer.from(GOAL.replace("Make the failing tests pass", value)) })),
    laughs.map((bytes) => ({ kind: "billion laughs", bytes })),
    fc
      .record({ depth: fc.integer({ min: 65, max: 300_000 }), open: fc.constantFrom("[", "{a: "), close: fc.constantFrom("]", "}") })
      .map(({ depth, open, close }) => ({ kind: "deep flow nesting", bytes: Buffer.from(`${GOAL}deep: ${open.repeat(depth)}${close.repeat(depth)}\n`) })),
    fc.integer({ min: 65, max: 1400 }).map((depth) => ({
      kind: "deep block nesting",
      bytes: Buffer.from(Array.from({ length: depth }, (_, level) => `${" ".repeat(level)}k${level}:`).join("\n")),
    })),
    fc.integer({ min: 65, max: 200_000 }).map((depth) => ({ kind: "deep sequence nesting", bytes: Buffer.from(`${"- ".repeat(depth)}x\n`) })),
    fc
      .record({
        where: fc.constantFrom("  labels: { team: core }", "  intent: Make", "kind: Goal", "  agent: { executor: demo, env: { MODE: fast } }"),
        key: fc.constantFrom("__proto__", "constructor", "prototype"),
        value: fc.constantFrom("x", "{ polluted: true }", "[1]", "{ intent: other }"),
      })
      .filter(({ where, key }) => key === "__proto__" || where === "  intent: Make" || where === "kind: Goal")
      .map(({ where, key, value }) => {
        const indent = where.startsWith("  ") ? "  " : "";
        const patched = where.includes("{")
          ? GOAL.replace(
              where,
              where
                .replace(/\{ (\w+: \w+) \}/, `{ $1, ${key}: ${value} }`)
                .replace(/\{ (\w+: \w+), env: \{ MODE: fast \} \}/, `{ $1, env: { MODE: fast, ${key}: ${value} } }`),
            )
          : GOAL.replace(where, `${indent}${key}: ${value}\n${where}`);
        return { kind: `a ${key} key`, bytes: Buffer.from(patched) };
      }),
    fc
      .integer({ min: 1, max: 3 })
      .map((megabytes) => ({ kind: "a huge file", bytes: Buffer.concat([Buffer.from(GOAL), Buffer.alloc(megabytes * 1024 * 1024 + 1, "# padding\n")]) })),
    fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => ({ kind: "random bytes", bytes: Buffer.from(bytes) })),
  )
  .map(labelled);

// How the file is named on the command line: through ../ from a deeper folder, absolute, or oddly named.
const fileName = fc.constantFrom("goal.yaml", "évil name; rm -rf ~.yaml", "-dash.yaml", "..yaml", "a\nb.yaml");
const argForm = fc.constantFrom("relative-traversal", "absolute", "dot-segments");
let fileCount = 0;

test("hostile goal files given to apply -f get a clear error and a non-zero exit, and nothing is sent", async () => {
  await fc.assert(
    fc.asyncProperty(hostileFile, fileName, argForm, async ({ kind, bytes }, name, form) => {
      const folder = path.join(dir, "files", String(fileCount++));
      mkdirSync(folder);
      const file = path.join(folder, name);
      writeFileSync(file, bytes);
      const arg =
        form === "absolute"
          ? file
          : form === "relative-traversal"
            ? path.relative(cwd, file)
            : `${cwd}/../../../files/./${path.basename(folder)}/../${path.basename(folder)}/${name}`;
      requests = 0;
      const outcome = await run(["apply", "-f", arg]);
      assertRefused(outcome, `${kind} as ${JSON.stringify(arg.slice(0, 100))}`);
      assert.equal(requests, 0, `${kind}: refused before any request`);
      rmSync(folder, { recursive: true, force: true });
    }),
    { numRuns: 120 },
  );
});

test("apply -f of paths that are not goal files says what they are, and sends nothing", async () => {
  const targets = [
    "../../../../../../../../etc/passwd",
    "/etc",
    "/",
    "/dev/zero",
    "/dev/null",
    "/proc/self/environ",
    "/proc/self/mem",
    "../../../nowhere/../../etc/shadow",
    "no-such.yaml",
    "a\u0000b.yaml",
    `${"../".repeat(5000)}etc/hostname`,
    "x".repeat(100_000),
  ];
  for (const target of targets) {
    requests = 0;
    const outcome = await run(["apply", "-f", target]);
    assertRefused(outcome, describeArgv([target]));
    assert.equal(requests, 0);
  }
});

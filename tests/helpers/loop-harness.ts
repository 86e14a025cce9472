// A real Setpoint for a test: a migrated Postgres database, the API over HTTP, sample git
// repositories in a temp folder, and runners in this process or as child processes.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "../../server/api/root";
import { createContext } from "../../server/api/trpc";
import { createOwnedToken, createToken } from "../../server/auth/api-tokens";
import type { Role } from "../../server/auth/roles";
import { addUser } from "../../server/auth/users";
import { createDb, type Db } from "../../server/db/client";
import { createSampleRepository } from "../../server/demo/seed-demo";
import { makeTraversable } from "../../server/files/make-traversable";
import { applyGoal, validateManifest } from "../../server/goals/apply-goal";
import { removeGoalUsersOf } from "../../server/runner/goal-user";
import { Runner } from "../../server/runner/runner";
import { API_VERSION } from "../../server/spec/goal-spec";
import { runGit } from "../../server/workspace/run-git";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const AGENTS = path.join(ROOT, "tests/fixtures/agents");

// Run as root, runners run agents as an unprivileged user, who must reach the fixture agents (and what
// they import from the checkout) by their absolute paths. CI clones into a 0700 folder: give that user
// passage (o+x, no listing) through it, as Postgres gets passage to its data.
if (process.getuid?.() === 0)
  for (const opened of makeTraversable(path.join(ROOT, "tests/fixtures")))
    console.log(`# gave every user passage (o+x) through ${opened} to reach the test fixtures`);

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness() {
  const database: TestDatabase = await createTestDatabase();
  const { db, pool } = createDb(database.url, 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-loop-"));
  const runners: Runner[] = [];
  const processes: ChildProcess[] = [];
  let server: http.Server | undefined;

  const harness = {
    db: db as Db,
    url: database.url,
    dir,
    workDir: path.join(dir, "work"),

    // A folder the goals' commands may write, like /tmp: run as root, runners run them as the agent user.
    writableDir(name: string): string {
      const writable = path.join(dir, name);
      fs.mkdirSync(writable, { recursive: true });
      fs.chmodSync(writable, 0o1777);
      return writable;
    },

    async sampleRepo(name = "calculator"): Promise<string> {
      const repo = path.join(dir, "repos", name);
      await createSampleRepository(repo);
      return repo;
    },

    // A git repository of these files (paths may hold folders), one commit on main; its folder is named `name` in the test's folder.
    async gitRepo(name: string, files: Record<string, string>): Promise<string> {
      const repo = path.join(dir, name);
      fs.mkdirSync(repo, { recursive: true });
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.writeFileSync(path.join(repo, file), text);
      }
      await runGit(["init", "--quiet", "--initial-branch=main"], { cwd: repo });
      await runGit(["add", "-A"], { cwd: repo });
      await runGit(["commit", "--quiet", "-m", "start"], { cwd: repo });
      return repo;
    },

    async apply(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) {
      return applyGoal(db, validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name, labels }, spec }), "test");
    },

    async startRunner(slots = 1): Promise<Runner> {
      const runner = new Runner({ db, databaseUrl: database.url, slots, workDir: harness.workDir, pollMs: 100, log: () => {} });
      await runner.start();
      runners.push(runner);
      return runner;
    },

    // A runner as its own OS process (one process: no tsx wrapper in between), for kill -9 tests.
    spawnRunner(env: Record<string, string> = {}): ChildProcess {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/runner/main.ts")], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url, SETPOINT_WORK_DIR: harness.workDir, SETPOINT_RUNNERS: "1", ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.resume();
      child.stderr?.resume();
      processes.push(child);
      return child;
    },

    async serveApi(): Promise<{ url: string; token: string }> {
      const handler = createHTTPHandler({ router: appRouter, createContext: ({ req }) => createContext(db, req.headers.authorization, req.headers.cookie) });
      server = http.createServer((req, res) => {
        if (!req.url?.startsWith("/api/trpc")) {
          res.statusCode = 404;
          res.end();
          return;
        }
        req.url = req.url.slice("/api/trpc".length) || "/";
        handler(req, res);
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      return { url: `http://127.0.0.1:${port}`, token: await createToken(db, "tester", "admin") };
    },

    // A person (a user who can sign in) and an API token of theirs, which acts as them.
    async person(name: string, role: Role, tokenName = `${name}-cli`): Promise<{ password: string; token: string }> {
      const { password } = await addUser(db, { name, role }, "test");
      return {
        password: password!,
        token: await createOwnedToken(db, {
          name: tokenName,
          role,
          owner: await db.user.findUniqueOrThrow({ where: { name }, select: { id: true, name: true } }),
        }),
      };
    },

    async goal(name: string) {
      return db.goal.findUniqueOrThrow({ where: { name } });
    },

    async iterations(name: string) {
      const goal = await harness.goal(name);
      return db.iteration.findMany({ where: { goalId: goal.id }, orderBy: { number: "asc" } });
    },

    async waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async waitForPhase(name: string, phases: readonly string[], timeoutMs = 60_000) {
      return harness.waitFor(
        `goal ${name} to reach ${phases.join("|")}`,
        async () => {
          const goal = await harness.goal(name);
          return phases.includes(goal.phase) ? goal : null;
        },
        timeoutMs,
      );
    },

    async close(): Promise<void> {
      for (const child of processes) if (child.exitCode === null) child.kill("SIGKILL");
      await Promise.all(runners.map((runner) => runner.drain(1000)));
      // Run as root, runners made a system user per goal: gone with the test, as with a deleted goal.
      await removeGoalUsersOf(db);
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
      await db.$disconnect();
      await pool.end().catch(() => {});
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

// Resolves with a runner process's exit code once it has exited (at once if it already has).
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
}

// The demo goal's spec against a sample repository, with overrides per test.
export function calculatorSpec(repo: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    intent: "Make every test pass and the linter happy without editing the tests.",
    workspace: { repo, ref: "main" },
    agent: { executor: "demo", timeoutSeconds: 60 },
    metrics: [
      { metric: "tests.pass_ratio", target: ">= 1" },
      { metric: "lint.ok", target: "== 1" },
    ],
    evaluation: {
      layers: [
        { name: "tests", run: "npm test --silent", parse: "tap", timeoutSeconds: 120 },
        { name: "lint", run: "npm run lint --silent", parse: "exit-code" },
        { name: "guard", policy: { forbidPaths: ["test/**"], maxChangedLines: 200 } },
      ],
    },
    stop: { maxIterations: 10, stallIterations: 3 },
    ...overrides,
  };
}

// The smallest valid goal spec, for tests of the API and the form that never run it.
export const MINIMAL_SPEC = {
  intent: "Keep the tests green",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [{ metric: "t.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "t", run: "true" }] },
} as const;

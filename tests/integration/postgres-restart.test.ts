import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createDb } from "../../server/db/client";
import { startEmbeddedPostgres } from "../../server/db/embedded-postgres";
import { migrate } from "../../server/db/migrate";
import { createSampleRepository } from "../../server/demo/seed-demo";
import { applyGoal, validateManifest } from "../../server/goals/apply-goal";
import { Runner } from "../../server/runner/runner";
import { AGENTS, calculatorSpec } from "../helpers/loop-harness";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-restart-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a Postgres restart mid-iteration makes the runner reconnect, not die, and the loop still converges", async () => {
  let server = await startEmbeddedPostgres(path.join(dir, "db"), { throwaway: true });
  await migrate(server.url);
  const { db, pool } = createDb(server.url, 4);
  const repo = path.join(dir, "repo");
  await createSampleRepository(repo);
  const spec = calculatorSpec(repo, { agent: { executor: "command", command: path.join(AGENTS, "slow-demo.sh"), env: { SLOW_SECONDS: "3" } } });
  await applyGoal(db, validateManifest({ apiVersion: "setpoint.dev/v1", kind: "Goal", metadata: { name: "restart" }, spec }), "test");
  const runner = new Runner({ db, databaseUrl: server.url, slots: 1, workDir: path.join(dir, "work"), pollMs: 100, log: () => {} });
  await runner.start();
  try {
    const poll = async <T>(probe: () => Promise<T | null>, ms: number): Promise<T> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await probe().catch(() => null);
        if (value) return value;
        if (Date.now() > deadline) throw new Error("timed out");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await poll(() => db.iteration.findFirst({ where: { number: 1, phase: "Running" } }), 60_000);
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    server = await startEmbeddedPostgres(path.join(dir, "db"), { throwaway: true });

    const goal = await poll(() => db.goal.findFirst({ where: { name: "restart", phase: { in: ["Converged", "Stalled", "Exhausted", "Failed"] } } }), 120_000);
    assert.equal(goal.phase, "Converged", goal.message);
    const iterations = await db.iteration.findMany({ where: { goalId: goal.id }, orderBy: { number: "asc" } });
    assert.deepEqual(
      iterations.map((row) => row.number),
      iterations.map((_, index) => index),
    );
    assert.ok(iterations.every((row) => row.phase === "Evaluated"));
  } finally {
    await runner.drain(1000);
    await db.$disconnect();
    await pool.end().catch(() => {});
    await server.stop();
  }
});

// `npm run bench:best-of-n`: what best of N costs in wall time. One goal whose iteration runs 1 candidate and one
// whose iteration runs 4, each agent thinking AGENT_SECONDS (default 2) and then writing its answer, on the
// embedded Postgres with 2 runner processes of 2 slots each (the holder works on its own candidates too). Reports
// each iteration's wall time (start to recorded) and their ratio: near 1 means the candidates ran side by side.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "../server/db/client";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { applyGoals, validateManifest } from "../server/goals/apply-goal";
import { TERMINAL_PHASES } from "../server/loop/types";
import { API_VERSION } from "../server/spec/goal-spec";
import { makeRepository, startRunnerProcess, stopProcess } from "./bench-setup";
import { createFigures } from "./figures";
import { removeGoalUsersOf } from "../server/runner/goal-user";

const AGENT_SECONDS = Number(process.env.BENCH_AGENT_SECONDS ?? 2);
const RUNNERS = 2;
const SLOTS = 2;
const { figures, record } = createFigures();

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-bestofn-"));
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"));
  const { db, pool } = createDb(postgres.url, 4);
  const runners = [];
  try {
    await migrate(postgres.url);
    console.log(`an agent that thinks ${AGENT_SECONDS} s; ${RUNNERS} runner processes of ${SLOTS} slots\n`);
    for (let index = 0; index < RUNNERS; index += 1) runners.push(await startRunnerProcess(postgres.url, path.join(scratch, "work"), SLOTS));
    // One at a time, so the single candidate's iteration has the machine to itself as the four do.
    for (const candidates of [1, 4]) {
      const repo = await makeRepository(path.join(scratch, `repo-${candidates}`));
      const name = `best-of-${candidates}`;
      await applyGoals(
        db,
        [
          validateManifest({
            apiVersion: API_VERSION,
            kind: "Goal",
            metadata: { name },
            spec: {
              intent: "write the answer",
              workspace: { repo, ref: "main" },
              agent: { executor: "command", command: `sleep ${AGENT_SECONDS} && echo "$SETPOINT_CANDIDATE" > answer.txt` },
              strategy: { candidates },
              metrics: [{ metric: "check.ok", target: "== 1" }],
              evaluation: { layers: [{ name: "check", run: "test -s answer.txt", parse: "exit-code" }] },
              stop: { maxIterations: 1 },
            },
          }),
        ],
        "bench",
      );
      const wallMs = await iterationWallMs(db, name);
      record(
        `bestOfNIterationMs_${candidates}`,
        wallMs,
        "ms",
        `iteration 1 from its start to its record, ${candidates} candidate${candidates === 1 ? "" : "s"}`,
      );
    }
    record("bestOfNWallRatio", figures.bestOfNIterationMs_4 / figures.bestOfNIterationMs_1, "×", "4 candidates against 1: 1 would be free, 4 fully serial");
    console.log(`\n${JSON.stringify({ bench: "best-of-n", ...figures })}`);
  } finally {
    for (const runner of runners) await stopProcess(runner);
    await removeGoalUsersOf(db);
    await pool.end();
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function iterationWallMs(db: Db, name: string): Promise<number> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const goal = await db.goal.findUniqueOrThrow({ where: { name } });
    if ((TERMINAL_PHASES as readonly string[]).includes(goal.phase)) {
      const iteration = await db.iteration.findUniqueOrThrow({ where: { goalId_number: { goalId: goal.id, number: 1 } } });
      if (!iteration.finishedAt) throw new Error(`${name}: iteration 1 never finished (${goal.phase}: ${goal.message})`);
      return iteration.finishedAt.getTime() - iteration.startedAt.getTime();
    }
    if (Date.now() > deadline) throw new Error(`${name} did not end within 5 minutes (${goal.phase}: ${goal.message})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

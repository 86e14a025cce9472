// `npm run bench:runner-start`: how long a runner process takes from its spawn to "started" (migrations checked,
// its row written, listening, slots claiming): what a takeover or a scale-out waits for. The bundle as
// `npm run runner` runs it, against the embedded Postgres, BENCH_STARTS times (default 5); median and worst.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../server/db/embedded-postgres";
import { migrate } from "../server/db/migrate";
import { startRunner, stopProcess } from "./bench-setup";
import { createFigures, median } from "./figures";

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const { figures, record } = createFigures();

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-start-"));
  const postgres = await startEmbeddedPostgres(path.join(scratch, "pg-root"));
  try {
    await migrate(postgres.url);
    // The bundle is built once, before the first timing.
    await stopProcess((await startRunner(postgres.url, path.join(scratch, "work"), 2)).child);
    const times: number[] = [];
    for (let index = 0; index < STARTS; index += 1) {
      const started = performance.now();
      const runner = await startRunner(postgres.url, path.join(scratch, "work"), 2);
      times.push(performance.now() - started);
      await stopProcess(runner.child);
    }
    record("runnerStartMs", median(times), "ms", `median of ${STARTS} starts (${times.map((ms) => ms.toFixed(0)).join(", ")} ms): spawn to "started"`);
    console.log(`\n${JSON.stringify({ bench: "runner-start", ...figures })}`);
  } finally {
    await postgres.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

// `node --import tsx bench/process-floor.ts`: the ceiling the machine itself sets on the loop benchmark, alone
// (bench/floor-round.ts says what a round runs). The same loop without the PID namespaces is reported beside it
// (processFloorBare…). `npm run bench:loop` runs a round of it before each of its own, so that its floor shares
// compare rounds of the same minute. Prints the figures and a JSON line.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFigures, median } from "./figures";
import { FLOOR_LOOPS, floorRound, floorWrapper } from "./floor-round";

const ITERATIONS = Number(process.env.BENCH_FLOOR_ITERATIONS ?? 40); // per loop
const ROUNDS = 3;

const { figures, record } = createFigures();

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-floor-"));
  try {
    const wrapper = floorWrapper();
    // Rounds alternate, so neither kind runs on a colder or busier machine than the other.
    const bareRates: number[] = [];
    const wrappedRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bareRates.push(await floorRound(path.join(scratch, `bare-${round}`), ITERATIONS, []));
      if (wrapper.length > 0) wrappedRates.push(await floorRound(path.join(scratch, `wrapped-${round}`), ITERATIONS, wrapper));
    }
    const bare = median(bareRates);
    const wrapped = wrapper.length > 0 ? median(wrappedRates) : bare;
    record(
      "processFloorIterationsPerSecond",
      wrapped,
      "it/s",
      `${FLOOR_LOOPS} loops × ${ITERATIONS} iterations of a worktree's checkout, sh, git status, sh, in bash${wrapper.length > 0 ? ", the shells in a PID namespace" : ""}: the best any runner could do here`,
    );
    record("processFloorMsPerIteration", 1000 / figures.processFloorIterationsPerSecond, "ms", `of the machine's ${os.cpus().length} cores, per iteration`);
    record("processFloorBareIterationsPerSecond", bare, "it/s", "the same without the PID namespaces");
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${JSON.stringify({ bench: "process-floor", ...figures })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

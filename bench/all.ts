// `npm run bench`: every benchmark, one after the other (they share two cores, so never at once): what
// the machine allows an iteration at best (process-floor), the loop's throughput, the claim latency, the
// dashboard at scale. Each prints its figures as it goes; at the end, the issue's targets against what
// was measured, and one JSON line holding every figure. `npm run bench:capacity` (500 slow loops, 2–5 minutes) is
// not in it: it would take the run past its 12-minute budget.
import { spawn } from "node:child_process";
import path from "node:path";
import type { Figures } from "./figures";

const BENCHES = ["process-floor.ts", "loop-throughput.ts", "claim-latency.ts", "runner-start.ts", "best-of-n.ts", "dashboard.ts"];

// figure, target, and whether a smaller value is better
const TARGETS: [string, number, "max" | "min"][] = [
  ["iterationsPerSecond", 100, "min"],
  // issue 15: the loop against what the machine allows, each round against a floor round of the same minute
  ["floorShare_1", 0.8, "min"],
  ["floorShare_2", 0.8, "min"],
  ["floorShare_4", 0.8, "min"],
  // issue 15: more runner processes never slower than fewer (each against 1 runner's round of the same minute)
  ["runnersRatio_2", 1, "min"],
  ["runnersRatio_4", 1, "min"],
  ["statementsPerIteration", 10, "max"],
  ["runnerStartMs", 1000, "max"],
  ["overheadMsP50", 25, "max"],
  ["claimLatencyMsP50", 20, "max"],
  ["claimLatencyMsP99", 100, "max"],
  ["claimLatencyRatio", 2, "max"],
  ["boardQueryMsP95", 50, "max"],
  ["goalPageMsP95", 100, "max"],
  ["liveUpdateMsP99", 1000, "max"],
  ["runnerRssMb", 200, "max"],
  ["webRssMb", 500, "max"],
];

function runBench(file: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, file)], { stdio: ["ignore", "pipe", "inherit"] });
    let last = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      last = (last + chunk.toString()).split("\n").slice(-3).join("\n");
    });
    child.on("exit", (code) => {
      const line = last.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`bench/${file} failed (exit ${code})`));
      else resolve(JSON.parse(line) as Figures);
    });
  });
}

async function main(): Promise<void> {
  const all: Figures = {};
  for (const file of BENCHES) {
    console.log(`\n=== bench/${file}\n`);
    const { bench: _name, ...figures } = await runBench(file);
    Object.assign(all, figures);
  }
  console.log("\n=== targets\n");
  for (const [name, target, kind] of TARGETS) {
    const value = all[name];
    if (value === undefined) {
      console.log(`${name.padEnd(22)} not measured`);
      continue;
    }
    const met = kind === "min" ? value >= target : value <= target;
    console.log(
      `${name.padEnd(22)} ${String(value).padStart(9)}   target ${kind === "min" ? "≥" : "≤"} ${target}   ${met ? "met" : `MISSED (${kind === "min" ? `${(target / value).toFixed(1)}× short` : `${(value / target).toFixed(1)}× over`})`}`,
    );
  }
  console.log(`\n${JSON.stringify({ bench: "all", ...all })}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

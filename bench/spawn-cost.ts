// `node --import tsx bench/spawn-cost.ts`: what starting a child process costs a Node process as its
// resident memory grows. Node forks to spawn, and a fork copies page tables, on the event loop's thread.
import { spawn } from "node:child_process";

async function perSpawnMs(count = 20): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await new Promise((resolve) => spawn("true").on("exit", resolve));
  return (performance.now() - started) / count;
}

const keep: Buffer[] = [];
for (const extraMb of [0, 100, 250]) {
  while (keep.length < extraMb) keep.push(Buffer.alloc(1024 * 1024, 1)); // touched, so resident
  const ms = await perSpawnMs();
  console.log(`rss ${Math.round(process.memoryUsage().rss / 1e6)} MB: ${ms.toFixed(1)} ms per spawn of \`true\``);
}

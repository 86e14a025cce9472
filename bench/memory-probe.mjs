// Loaded into a runner by `npm run bench:runner-memory` (node --import): on SIGUSR2 the runner prints one line
// `[memory] {…}`: its heap in use as it is, then after a full collection (what it really keeps), the memory
// outside the heap that V8 knows of, and the CPU time the process has used (all its threads). Plain JavaScript,
// so the runner needs no loader for it.
import v8 from "node:v8";
import vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc");

process.on("SIGUSR2", () => {
  const cpu = process.cpuUsage();
  const before = process.memoryUsage();
  collectGarbage();
  const after = process.memoryUsage();
  const mb = (bytes) => Math.round(bytes / 104857.6) / 10;
  const line = {
    heapUsedMb: mb(before.heapUsed),
    heapUsedAfterGcMb: mb(after.heapUsed),
    heapTotalMb: mb(after.heapTotal),
    externalMb: mb(after.external),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  process.stdout.write(`[memory] ${JSON.stringify(line)}\n`);
});

// How long a synchronous call kept the CPU busy. Tests that bound a parser's time measure this, not the wall
// clock, so other work on a shared machine cannot fail them: only the parser's own cost can.
export function cpuMs(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

export const MiB = 1024 * 1024;

// What the benchmarks read of processes from /proc (Linux): peak memory, and CPU time of a process and
// everything it started.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

// A process's resident memory from the kernel, in MB: VmRSS now, or VmHWM, the most it has had.
export function residentMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0) / 1024;
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  return ticksPerSecond;
}

type Stat = { ppid: number; own: number; reaped: number };

// /proc/<pid>/stat after the command's closing parenthesis: state, ppid, … utime (14), stime (15), cutime (16),
// cstime (17), counted from the pid's own field as 1.
function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // gone between the listing and the read
  }
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const at = (field: number) => Number(fields[field - 3]);
  return { ppid: at(4), own: at(14) + at(15), reaped: at(16) + at(17) };
}

// CPU seconds used so far by `root` and its children: the root's own time, the time of the children it has
// reaped (Postgres's postmaster waits for every backend that ends) and that of the children alive now, theirs
// reaped included (a runner's spawn helper reaps git, agents and layers). Two readings subtract: a backend that
// ends between them moves from "alive" to "reaped" with its whole time.
export function treeCpuSeconds(root: number): number {
  const { own, below } = treeCpuSplit(root);
  return own + below;
}

// The same, split: the root's own time, and that of all it started.
export type CpuSplit = { own: number; below: number };

export function treeCpuSplit(root: number): CpuSplit {
  const rootStat = readStat(root);
  if (!rootStat) return { own: Number.NaN, below: Number.NaN };
  let ticks = rootStat.reaped;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat?.ppid === root) ticks += stat.own + stat.reaped;
  }
  return { own: rootStat.own / clockTicks(), below: ticks / clockTicks() };
}

// The postmaster of the cluster in dataDir: the first line of its postmaster.pid.
export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

// CPU seconds of a Postgres cluster so far: its postmaster and every backend.
export function postgresCpuSeconds(dataDir: string): number {
  return treeCpuSeconds(postmasterPid(dataDir));
}

// The machine's busy CPU seconds so far, all cores together (/proc/stat: every column but idle and iowait).
export function machineBusySeconds(): number {
  const [, ...columns] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = columns.map(Number);
  return (user + nice + system + irq + softirq + steal) / clockTicks();
}

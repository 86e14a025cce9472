// Where a round's CPU went, read from /proc in clock ticks: a runner's own JavaScript (its threads), the commands it
// started and waited for (git, the agents', the layers', with their own children), and Postgres (the postmaster,
// its live backends, and the backends that ended, which the postmaster waited for).
import fs from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

type Cpu = { self: number; children: number }; // ms

export function processCpu(pid: number): Cpu {
  try {
    // Fields after the command name (which may hold spaces): state is 3rd, utime 14th … cstime 17th.
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    const ms = (index: number) => (Number(fields[index - 3]) * 1000) / TICKS_PER_SECOND;
    return { self: ms(14) + ms(15), children: ms(16) + ms(17) };
  } catch {
    return { self: 0, children: 0 };
  }
}

// A process's own time, and all its descendants' (those it waited for, and those still running, such as a spawn
// server and its commands), so a round's figure does not depend on what happened to end before it was read.
export function treeCpu(pid: number): Cpu {
  const own = processCpu(pid);
  let descendants = own.children;
  for (const child of descendantsOf(pid)) descendants += processCpu(child).self + processCpu(child).children;
  return { self: own.self, children: descendants };
}

// Every live process below pid; a descendant's own children it waited for are in its `children` figure.
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const [child, parent] of allParents()) parents.set(parent, [...(parents.get(parent) ?? []), child]);
  const found: number[] = [];
  const walk = (at: number) => {
    for (const child of parents.get(at) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

function allParents(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs
        .readFileSync(`/proc/${entry}/stat`, "utf8")
        .replace(/^.*\) /s, "")
        .split(" ");
      pairs.push([Number(entry), Number(stat[1])]);
    } catch {
      // ended meanwhile
    }
  }
  return pairs;
}

// dataDir: the cluster's folder (its postmaster.pid names the postmaster).
export function postgresCpuMs(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const own = processCpu(postmaster);
  let backends = 0;
  for (const [pid, parent] of allParents()) if (parent === postmaster) backends += processCpu(pid).self;
  return own.self + own.children + backends;
}

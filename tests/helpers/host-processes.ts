// Finding a command's processes from the host. Commands run in a PID namespace of their own where the
// machine allows it, so the pids they see ($!, $$) are not the host's: tests name a process by a unique
// argument instead (a sleep no other process runs) and look for it in the host's /proc.
import fs from "node:fs";

// A zombie is dead too: in a container, PID 1 may never reap the orphans it adopts.
export function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

// A duration of about `seconds` for `sleep` that no other process on the machine has as an argument.
export function uniqueSleep(seconds: number): string {
  return `${seconds}.${String(process.pid).padStart(7, "0")}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`;
}

// Host pids of the live processes with `argument` as one of their arguments.
export function pidsWithArgument(argument: string): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(argument) && alive(pid);
      } catch {
        return false;
      }
    });
}

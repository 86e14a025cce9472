// The spawn helper forks for every command, and a fork copies the page tables of all its memory: a command that
// prints faster than the runner reads must wait for it (its pipe fills), not pile its output up in the helper.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import { test } from "node:test";
import { runProcess } from "../../server/process/run-process";
import { spawnChild } from "../../server/process/spawn-child";

const MIB = 1024 * 1024;

// The most memory this process's spawn helper has used so far (its resident high-water mark), from /proc.
function helperPeakMb(): number {
  const pid = fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .find((entry) => {
      try {
        return (
          fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("spawn-server.mjs") &&
          fs.readFileSync(`/proc/${entry}/status`, "utf8").includes(`PPid:\t${process.pid}\n`)
        );
      } catch {
        return false;
      }
    });
  assert.ok(pid, "the spawn helper runs");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kb / 1024;
}

test("a command printing 400 MiB while the runner is busy waits for it: the spawn helper does not hold its output", async () => {
  await runProcess({ command: "true", cwd: os.tmpdir(), timeoutMs: 10_000 });
  const before = helperPeakMb();
  // head -c from /dev/zero writes as fast as the pipe takes it; this process reads none of it for 5 s.
  const running = runProcess({ command: `head -c ${400 * MIB} /dev/zero`, cwd: os.tmpdir(), timeoutMs: 120_000 });
  const busyUntil = Date.now() + 5000;
  while (Date.now() < busyUntil); // a runner's event loop busy elsewhere
  const result = await running;
  assert.equal(result.exitCode, 0);
  assert.equal(result.output.length > 0, true);
  const after = helperPeakMb();
  assert.ok(after - before < 160, `the helper's peak grew from ${before.toFixed(0)} to ${after.toFixed(0)} MB`);
});

test("a command whose background child keeps printing ends a few seconds after it exits, even while the runner is busy", { timeout: 60_000 }, async () => {
  const started = Date.now();
  // No PID namespace here (as where the machine has none): only the helper's group kill ends the background `yes`.
  const spawned = spawnChild(
    { file: "/bin/sh", args: ["-c", "(yes &); sleep 0.1; exit 0"], cwd: os.tmpdir(), env: process.env, group: true, input: "" },
    () => {},
  );
  const busyUntil = Date.now() + 1500;
  while (Date.now() < busyUntil); // the helper's pipes fill and are held
  const exit = await spawned.exited;
  assert.equal(exit.code, 0);
  assert.ok(Date.now() - started < 10_000, `ended after ${Date.now() - started} ms`);
});

// Every child process starts through the spawn helper. What users rely on: output and exit codes come
// back whole, a process that spawned nothing lingers for no helper, and an agent never outlives its
// runner (a SIGKILLed runner's helper kills what it started).
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { runProcess } from "../../server/process/run-process";
import { alive, pidsWithArgument, uniqueSleep } from "../helpers/host-processes";

const ROOT = path.resolve(import.meta.dirname, "../..");

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return probe();
}

// The spawn helpers among a process's children.
function helperPids(parent: number): number[] {
  const out = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(parent)], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes("spawn-server"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

test("a command's output, exit code and standard input pass through the helper whole", async () => {
  const big = "x".repeat(300_000);
  const result = await runProcess({ command: "cat; echo oops >&2; exit 3", cwd: os.tmpdir(), input: big, timeoutMs: 10_000 });
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout, big);
  assert.match(result.output, /oops\n$/);
});

test("a command is done when its own process exits, though a background child holds its output open; the child is killed", async () => {
  const sleep = uniqueSleep(400);
  const started = Date.now();
  const result = await runProcess({ command: `(sleep ${sleep} &); sleep 0.2; echo last words`, cwd: os.tmpdir(), timeoutMs: 20_000 });
  assert.equal(result.timedOut, false);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout, "last words\n");
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  assert.ok(await until(() => pidsWithArgument(sleep).length === 0, 2000), "the background sleep is gone");
});

test("a child that left the process group (setsid) cannot hold a command open either", async () => {
  const sleep = uniqueSleep(400);
  const started = Date.now();
  const result = await runProcess({ command: `setsid sh -c 'exec sleep ${sleep}' & sleep 0.2; echo done`, cwd: os.tmpdir(), timeoutMs: 20_000 });
  try {
    assert.equal(result.timedOut, false);
    assert.equal(result.stdout, "done\n");
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  } finally {
    for (const pid of pidsWithArgument(sleep)) process.kill(pid, "SIGKILL"); // out of the group's reach where there is no PID namespace (docs/SECURITY.md)
  }
});

test("a script that ran a command exits by itself: the idle helper does not hold it", async () => {
  const script = `import { runProcess } from ${JSON.stringify(path.join(ROOT, "server/process/run-process.ts"))};
    const result = await runProcess({ command: "echo done", cwd: "/", timeoutMs: 5000 });
    console.log(result.stdout.trim());`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const exited = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 15_000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!exited) child.kill("SIGKILL");
  assert.ok(exited, "the script exited on its own");
  assert.equal(out.trim(), "done");
});

test("a SIGKILLed process's commands die with it, grandchildren too", async () => {
  const sleep = uniqueSleep(300);
  const script = `import { runProcess } from ${JSON.stringify(path.join(ROOT, "server/process/run-process.ts"))};
    void runProcess({ command: "sleep ${sleep} & sleep 300", cwd: "/", timeoutMs: 600000 });`;
  const runner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, stdio: "ignore" });
  assert.ok(await until(() => pidsWithArgument(sleep).length === 1, 15_000), "the command started");
  const [grandchild] = pidsWithArgument(sleep);
  const [helper] = helperPids(runner.pid!);
  assert.ok(helper && alive(grandchild), "a helper runs the command");

  runner.kill("SIGKILL");
  assert.ok(await until(() => !alive(grandchild), 5000), "the command's own child is gone too");
  assert.ok(await until(() => !alive(helper), 5000), "the helper is gone");
});

test("a helper that dies fails the commands it was running, and the next command gets a new helper", async () => {
  const running = runProcess({ command: "sleep 30", cwd: "/", timeoutMs: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const [helper] = helperPids(process.pid);
  assert.ok(helper, "this process has a helper");
  process.kill(helper, "SIGKILL");
  await assert.rejects(running, /spawn helper stopped/);
  const next = await runProcess({ command: "echo again", cwd: "/", timeoutMs: 10_000 });
  assert.equal(next.stdout, "again\n");
});

test("Ctrl-C or SIGTERM to the process group leaves the helper running, so a draining runner can still run git", async () => {
  const running = runProcess({ command: "sleep 1; echo finished", cwd: "/", timeoutMs: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const [helper] = helperPids(process.pid);
  assert.ok(helper, "this process has a helper");
  process.kill(helper, "SIGTERM");
  process.kill(helper, "SIGINT");
  const result = await running;
  assert.equal(result.stdout, "finished\n");
  assert.ok(alive(helper), "the helper outlives the signals");
});

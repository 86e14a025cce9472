// The spawn helper: a small plain-Node process that starts every child process for its parent (see
// spawn-child.ts). Node forks to spawn, and a fork costs time in proportion to the forking process's
// resident memory, on its event loop; forking from this ~50 MB process instead of a 250 MB runner keeps
// the runner's loops running while git, agents and layers start. Plain JavaScript, so it loads without tsx.
import { spawn } from "node:child_process";

/** @type {Map<number, import("node:child_process").ChildProcess & { group: boolean }>} */
const children = new Map();

process.on("message", (message) => {
  if (message.type === "spawn") start(message);
  else if (message.type === "kill") kill(message.id, message.signal);
});

// Ctrl-C and a supervisor's SIGTERM reach the whole process group. The runner drains on them and still
// needs git to hand its goals back, so the helper stays until the runner itself goes (below).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {});

// The parent is gone (exited or killed): nothing is left to report to, so nothing may keep running.
process.on("disconnect", () => {
  for (const id of children.keys()) kill(id, "SIGKILL");
  process.exit(0);
});

function start({ id, file, args, cwd, env, group, input }) {
  let child;
  try {
    child = spawn(file, args, { cwd, env, detached: group, stdio: [input === null ? "ignore" : "pipe", "pipe", "pipe"] });
  } catch (error) {
    send({ type: "error", id, message: error.message, code: error.code });
    return;
  }
  child.group = group;
  children.set(id, child);
  child.stdout.on("data", (chunk) => send({ type: "data", id, fd: 1, chunk }));
  child.stderr.on("data", (chunk) => send({ type: "data", id, fd: 2, chunk }));
  if (child.stdin) {
    child.stdin.on("error", () => {}); // the command may exit without reading its input
    child.stdin.end(input);
  }
  child.on("error", (error) => {
    children.delete(id);
    send({ type: "error", id, message: error.message, code: error.code });
  });
  child.on("close", (code, signal) => {
    children.delete(id);
    // The group leader may be gone while what it started still runs; none may outlive the command.
    if (group) signalGroup(child.pid, "SIGKILL");
    send({ type: "close", id, code, signal });
  });
}

function kill(id, signal) {
  const child = children.get(id);
  if (!child) return;
  if (child.group) signalGroup(child.pid, signal);
  else child.kill(signal);
}

function signalGroup(pid, signal) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// A send can fail when the parent has just died (EPIPE); the disconnect that follows kills what is left.
// Without the callback the failure would be an unhandled 'error' and the helper would die first.
function send(message) {
  if (process.connected) process.send(message, undefined, undefined, () => {});
}

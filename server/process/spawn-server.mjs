// The spawn helper: a small plain-Node process that starts every child process for its parent (see
// spawn-child.ts). Node forks to spawn, and a fork costs time in proportion to the forking process's
// resident memory, on its event loop; forking from this ~50 MB process instead of a 250 MB runner keeps
// the runner's loops running while git, agents and layers start. Plain JavaScript, so it loads without tsx.
import { spawn } from "node:child_process";

// How long a command's output pipes may stay open after its own process exited.
const PIPE_GRACE_MS = 200;
// Output read from commands and not yet written to the parent, in bytes. Above HIGH_WATER the pipe that brought
// it is paused until the backlog is down to LOW_WATER: a command printing faster than the runner reads then
// waits on its full pipe, instead of growing this process, whose memory every fork copies (200 MiB printed at
// once grew it by 128 MB).
const HIGH_WATER = 4 * 1024 * 1024;
const HELD_PIPE_WAIT_MS = 5000;
const LOW_WATER = 1024 * 1024;
let unsent = 0;
/** @type {Set<import("node:stream").Readable>} */
const held = new Set();

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

function start({ id, file, args, cwd, env, group, input, user }) {
  let child;
  try {
    // uid/gid: libuv calls setgroups(0) before setgid/setuid, so no supplementary group of ours survives.
    const identity = user ? { uid: user.uid, gid: user.gid } : {};
    child = spawn(file, args, { cwd, env, detached: group, stdio: [input === null ? "ignore" : "pipe", "pipe", "pipe"], ...identity });
  } catch (error) {
    send({ type: "error", id, message: error.message, code: error.code });
    return;
  }
  child.group = group;
  children.set(id, child);
  forward(child.stdout, id, 1);
  forward(child.stderr, id, 2);
  if (child.stdin) {
    child.stdin.on("error", () => {}); // the command may exit without reading its input
    child.stdin.end(input);
  }
  child.on("error", (error) => {
    children.delete(id);
    send({ type: "error", id, message: error.message, code: error.code });
  });
  // The command is over when its own process exits, not when its pipes close: a background child
  // ("(sleep 400 &)") holds them open for as long as it lives. Its last output gets a moment to drain.
  // A pipe held for the parent to catch up is read to its end first (its last output is the part kept), for a
  // few seconds at most: a background child that keeps printing must not keep the command going for ever.
  child.on("exit", () => {
    let waited = 0;
    const drained = setInterval(() => {
      waited += PIPE_GRACE_MS;
      if ((held.has(child.stdout) || held.has(child.stderr)) && waited < HELD_PIPE_WAIT_MS) return;
      clearInterval(drained);
      if (group) signalGroup(child.pid, "SIGKILL");
      child.stdout.destroy(); // one that left the group (setsid) would keep them open still
      child.stderr.destroy();
    }, PIPE_GRACE_MS);
    child.once("close", () => clearInterval(drained));
  });
  child.on("close", (code, signal) => {
    children.delete(id);
    // The group leader may be gone while what it started still runs; none may outlive the command.
    if (group) signalGroup(child.pid, "SIGKILL");
    send({ type: "close", id, code, signal });
  });
}

function forward(stream, id, fd) {
  stream.on("data", (chunk) => {
    unsent += chunk.length;
    send({ type: "data", id, fd, chunk }, () => {
      unsent -= chunk.length;
      if (unsent > LOW_WATER) return;
      for (const paused of held) paused.resume();
      held.clear();
    });
    if (unsent > HIGH_WATER && !held.has(stream)) {
      held.add(stream);
      stream.pause();
    }
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
// Without the callback the failure would be an unhandled 'error' and the helper would die first. `written`
// hears when the message has left (or never will).
function send(message, written = () => {}) {
  if (process.connected) process.send(message, undefined, undefined, written);
  else written();
}

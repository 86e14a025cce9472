// The one Prisma client of a process, over node-postgres (Prisma 7's driver adapter, no Rust engine).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { dbPoolSize, preparedStatements } from "../config";
import { databaseUrl } from "./database-url";
import { statementNames } from "./statement-names";

export type Db = PrismaClient;

let shared: { db: PrismaClient; pool: pg.Pool } | undefined;

export function createDb(url: string, max = 10): { db: PrismaClient; pool: pg.Pool } {
  // Columns are timestamp without time zone holding UTC (Prisma's convention): sessions must be UTC too,
  // or database-side defaults (now()) would store local time.
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000, options: "-c TimeZone=UTC" });
  // An idle connection dropped by a Postgres restart must not crash the process; the pool reconnects.
  pool.on("error", () => {});
  // Prisma's default wait for a transaction's connection (2 s) fails writes on a busy machine; wait longer.
  const adapter = new PrismaPg(pool, preparedStatements() ? { statementNameGenerator: statementNames() } : {});
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

// Settings from the environment, read in one place so every entry point agrees on them.
import path from "node:path";

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SETPOINT_DATA_DIR ?? ".data");
}

export function workDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SETPOINT_WORK_DIR ?? path.join(dataDir(), "work"));
}

export function webPort(): number {
  return positiveInt("PORT", 3000);
}

export function runnerSlots(): number {
  return positiveInt("SETPOINT_RUNNERS", 2, true);
}

// Connections each process (web or runner) may open to Postgres, besides its one LISTEN connection.
export function dbPoolSize(): number {
  return positiveInt("SETPOINT_DB_POOL", 10);
}

// Named statements, parsed and planned once per connection. Off (0) behind a pooler that cannot keep them across
// transactions: PgBouncer before 1.21, or 1.21+ without max_prepared_statements.
export function preparedStatements(): boolean {
  return process.env.SETPOINT_DB_PREPARED_STATEMENTS !== "0";
}

export function demoEnabled(): boolean {
  return process.env.SETPOINT_DEMO !== "0";
}

// Read on every call: tests change them at run time.
export function leaseSeconds(): number {
  return positiveInt("SETPOINT_LEASE_SECONDS", 30);
}

export function drainSeconds(): number {
  return positiveInt("SETPOINT_DRAIN_SECONDS", 30, true);
}

// Where people open the dashboard, for links in outgoing notifications.
export function publicUrl(): string {
  const raw = process.env.SETPOINT_PUBLIC_URL;
  return (raw ? raw : `http://localhost:${webPort()}`).replace(/\/+$/, "");
}

// The first retry of a failed notification waits this long; each later one twice as long as the last.
export function notifyBackoffMs(): number {
  return positiveInt("SETPOINT_NOTIFY_BACKOFF_MS", 5000);
}

function positiveInt(name: string, fallback: number, allowZero = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name} must be a whole number${allowZero ? " (0 or more)" : " above 0"}, found '${raw}'`);
  }
  return value;
}

// /api/metrics answers requests from loopback without a token only when this is 1. Loopback is read from
// X-Forwarded-For, which `next start` fills from the connection only when the client sent none, so any
// client can claim it: token-less scraping is opted into where the web port is reachable from this machine only.
export function metricsFromLoopback(): boolean {
  return process.env.SETPOINT_METRICS_LOOPBACK === "1";
}

// Named (prepared) statements: Postgres parses and plans a named statement once per connection, not at every
// execution. A runner sends a few dozen statement shapes (28 in `npm run bench:loop`) thousands of times, and
// naming them halved Postgres's CPU per iteration (docs/BENCHMARKS.md). Runners only: the web server's queries
// vary with every filter (hundreds of shapes), and each named statement holds about 150 KB of plan in its
// connection's backend.
import { createHash } from "node:crypto";

export type StatementNamer = (query: { sql: string }) => string;

// BEGIN, COMMIT and the like have no plan to keep (and pg_stat_statements counts them only when unnamed).
const TRANSACTION_CONTROL = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i;

// A name is its text's hash: the same name means the same statement in every process, so a pooler that hands
// one process's server connection to another (PgBouncer in transaction mode) can never run another text under
// it; without support for named statements there, it fails loudly ("… already exists"), never silently. Only
// the first `limit` shapes a process sends are named, so a query whose text varies cannot fill every connection
// with statements used once; the rest go unnamed (an empty name is pg's unnamed statement).
export function statementNames(limit = 100): StatementNamer {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit && !TRANSACTION_CONTROL.test(sql)) {
      name = `setpoint_${createHash("sha256").update(sql).digest("base64url").slice(0, 22)}`;
      names.set(sql, name);
    }
    return name ?? "";
  };
}

// Postgres's refusal to run a named statement as prepared: its result's shape changed under it (0A000), or the
// connection does not have it (26000). Both mean the connection's statements are no longer the process's.
export const STALE_STATEMENT = /cached plan must not change result type|prepared statement "?[\w$-]*"? does not exist/i;

export function isStaleStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code === "0A000" || code === "26000") && STALE_STATEMENT.test(message ?? "");
}

// Named (prepared) statements: Postgres parses and plans a named statement once per connection, not at every
// execution. A runner sends a few dozen statement shapes (28 in `npm run bench:loop`) thousands of times, and
// naming them halved Postgres's CPU per iteration (docs/BENCHMARKS.md). Only the first `limit` shapes a process
// sends get a name, so a query whose text varies cannot fill every connection with statements used once;
// the rest go unnamed, as all did before. An empty name is pg's unnamed statement.
export type StatementNamer = (query: { sql: string }) => string;

// One text per name in the whole process, whichever client sends it.
const processNames = new Map<string, string>();

export function statementNames(limit = 200, names = processNames): StatementNamer {
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `setpoint_${names.size}`;
      names.set(sql, name);
    }
    return name ?? "";
  };
}

// A process names the statements it sends, so Postgres parses and plans each once per connection; with
// SETPOINT_DB_PREPARED_STATEMENTS=0 (an old PgBouncer in transaction mode) none is named.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createDb } from "../../server/db/client";
import { statementNames } from "../../server/db/statement-names";
import { createTestDatabase } from "../helpers/test-database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

// What the one connection of a fresh pool has prepared after the same read twice, a failing read, and the read again.
async function preparedAfterReads(): Promise<{ names: string[]; goals: number[] }> {
  const { db, pool } = createDb(database.url, 1);
  try {
    const goals = [await db.goal.count({ where: { phase: "Queued" } }), await db.goal.count({ where: { phase: "Queued" } })];
    await assert.rejects(db.$queryRawUnsafe('SELECT no_such_column FROM "Goal"'), /no_such_column/);
    goals.push(await db.goal.count({ where: { phase: "Queued" } }));
    const rows = await db.$queryRawUnsafe<{ name: string; statement: string }[]>("SELECT name, statement FROM pg_prepared_statements ORDER BY name");
    return { names: rows.filter((row) => row.statement.includes('"Goal"')).map((row) => row.name), goals };
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}

test("the same statement is prepared once on a connection and used again, and a failing one leaves the connection working", async () => {
  const { names, goals } = await preparedAfterReads();
  assert.deepEqual(goals, [0, 0, 0]);
  assert.equal(names.length, 1, `one named count of goals, used three times: ${names.join(", ")}`);
  assert.match(names[0], /^setpoint_\d+$/);
});

test("SETPOINT_DB_PREPARED_STATEMENTS=0 names none, for a pooler that cannot keep them", async () => {
  process.env.SETPOINT_DB_PREPARED_STATEMENTS = "0";
  try {
    const { names, goals } = await preparedAfterReads();
    assert.deepEqual(goals, [0, 0, 0]);
    assert.deepEqual(names, []);
  } finally {
    delete process.env.SETPOINT_DB_PREPARED_STATEMENTS;
  }
});

test("only the first shapes a process sends are named, each always by the same name", () => {
  const name = statementNames(2, new Map());
  const [a, b, c] = ["SELECT 1", "SELECT 2", "SELECT 3"].map((sql) => name({ sql }));
  assert.deepEqual([a, b, c], ["setpoint_0", "setpoint_1", ""]);
  assert.equal(name({ sql: "SELECT 1" }), "setpoint_0");
  assert.equal(name({ sql: "SELECT 3" }), "", "past the limit, unnamed for good");
});

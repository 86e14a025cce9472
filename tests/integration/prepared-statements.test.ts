// A runner names the statements it sends, so Postgres parses and plans each once per connection; the web server
// does not, and SETPOINT_DB_PREPARED_STATEMENTS=0 (an old PgBouncer in transaction mode) turns it off.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createDb } from "../../server/db/client";
import { statementNames } from "../../server/db/statement-names";
import { withReconnects } from "../../server/queue/lease";
import { createTestDatabase } from "../helpers/test-database";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.drop());

// What the one connection of a fresh pool has prepared after the same read twice, a failing read, and the read again.
async function preparedAfterReads(namedStatements: boolean): Promise<{ names: string[]; goals: number[] }> {
  const { db, pool } = createDb(database.url, 1, { namedStatements });
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

test("a runner's statement is prepared once on a connection and used again, and a failing one leaves the connection working", async () => {
  const { names, goals } = await preparedAfterReads(true);
  assert.deepEqual(goals, [0, 0, 0]);
  assert.equal(names.length, 1, `one named count of goals, used three times: ${names.join(", ")}`);
  assert.match(names[0], /^setpoint_[\w-]{22}$/);
});

test("the web server's statements, and a runner's with SETPOINT_DB_PREPARED_STATEMENTS=0, are not named", async () => {
  assert.deepEqual((await preparedAfterReads(false)).names, []);
  process.env.SETPOINT_DB_PREPARED_STATEMENTS = "0";
  try {
    const { names, goals } = await preparedAfterReads(true);
    assert.deepEqual(goals, [0, 0, 0]);
    assert.deepEqual(names, []);
  } finally {
    delete process.env.SETPOINT_DB_PREPARED_STATEMENTS;
  }
});

test("a name is its text's: the same in every process; only the first shapes a process sends are named", () => {
  const name = statementNames(2);
  const [a, b, c] = ["SELECT 1", "SELECT 2", "SELECT 3"].map((sql) => name({ sql }));
  assert.notEqual(a, b);
  assert.equal(c, "", "past the limit, unnamed");
  assert.equal(name({ sql: "SELECT 1" }), a);
  assert.equal(statementNames(2)({ sql: "SELECT 2" }), b, "another process names the text alike");
  assert.deepEqual(
    ["BEGIN", "COMMIT", "ROLLBACK", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"].map((sql) => statementNames()({ sql })),
    ["", "", "", ""],
    "transaction control has no plan to keep",
  );
});

test("after a migration changes a column's type under a prepared statement, a runner's retried write runs on a fresh connection", async () => {
  const { db, pool } = createDb(database.url, 1, { namedStatements: true });
  try {
    const read = () => db.$transaction((tx) => tx.goal.findMany({ select: { id: true, message: true } }));
    assert.deepEqual(await read(), []);
    await db.$executeRawUnsafe('ALTER TABLE "Goal" ALTER COLUMN "message" TYPE varchar(4000)');
    // The prepared read's result changed shape: Postgres refuses it on that connection for good.
    assert.deepEqual(await withReconnects(read, { forMs: 5000 }), []);
    assert.deepEqual(await read(), [], "and the next one runs too");
  } finally {
    await db.$executeRawUnsafe('ALTER TABLE "Goal" ALTER COLUMN "message" TYPE text').catch(() => {});
    await db.$disconnect();
    await pool.end();
  }
});

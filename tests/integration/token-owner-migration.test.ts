// The migration that gives every API token an owner, run on a database as it was before it (real
// Postgres, the real migration files): which person each existing token goes to, and that goals applied
// through a token now name its owner, so four-eyes holds for them too. Then what `npm start` does with a
// token that could go to nobody.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import pg from "pg";
import { adoptOwnerlessTokens, ensureAdminToken, ensureFirstAdmin } from "../../server/auth/admin-token";
import { verifyToken } from "../../server/auth/api-tokens";
import { createDb } from "../../server/db/client";
import { readMigrations } from "../../server/db/migrate";
import { createTestDatabase } from "../helpers/test-database";

const MIGRATION = "20261206090000_token_owner";
const database = await createTestDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
after(async () => {
  await client.end();
  await database.drop();
});

// The schema as every migration before MIGRATION left it (and nothing after).
async function schemaBefore(): Promise<void> {
  await client.query(`DROP SCHEMA public CASCADE; CREATE SCHEMA public;`);
  for (const migration of readMigrations().filter((m) => m.name < MIGRATION)) await client.query(migration.sql);
}

async function runMigration(): Promise<void> {
  await client.query(readMigrations().find((m) => m.name === MIGRATION)!.sql);
}

async function addUser(name: string, role: string, createdAt: string): Promise<void> {
  await client.query(`INSERT INTO "User" (id, name, role, "passwordHash", "createdAt") VALUES (gen_random_uuid(), $1, $2, 'x', $3)`, [name, role, createdAt]);
}

async function addToken(name: string, createdBy: string | null, revoked = false): Promise<void> {
  await client.query(`INSERT INTO "ApiToken" (id, name, "tokenHash", role, "createdBy", "revokedAt") VALUES (gen_random_uuid(), $1, $2, 'admin', $3, $4)`, [
    name,
    `hash-${name}-${Math.random()}`,
    createdBy,
    revoked ? new Date() : null,
  ]);
}

async function owners(): Promise<string[]> {
  const rows = await client.query<{ name: string; owner: string | null }>(
    `SELECT t.name, u.name AS owner FROM "ApiToken" t LEFT JOIN "User" u ON u.id = t."ownerId" ORDER BY t.name, u.name NULLS FIRST`,
  );
  return rows.rows.map((row) => `${row.name}: ${row.owner ?? "nobody"}`);
}

test("existing tokens go to the person who made them, the first start's token to the first admin, the rest to the first admin", async () => {
  await schemaBefore();
  await addUser("admin", "admin", "2026-01-01");
  await addUser("zed", "admin", "2026-02-01");
  await addUser("alice", "approver", "2026-03-01");
  await addToken("admin", null); // the first start's own token: made by nobody, named after the first admin
  await addToken("zeds-ci", "zed"); // made by zed, a person
  await addToken("alice-cli", "admin"); // made by the admin for alice: the admin made it, so it is the admin's
  await addToken("made-by-a-token", "zeds-ci"); // its maker was a token, not a person
  await client.query(
    `INSERT INTO "Goal" (id, name, spec, "createdBy", "updatedBy") VALUES (gen_random_uuid(), 'g1', '{}', 'zeds-ci', 'alice-cli'), (gen_random_uuid(), 'g2', '{}', 'alice', 'system')`,
  );

  await runMigration();

  assert.deepEqual(await owners(), ["admin: admin", "alice-cli: admin", "made-by-a-token: admin", "zeds-ci: zed"]);
  const goals = await client.query(`SELECT name, "createdBy", "updatedBy" FROM "Goal" ORDER BY name`);
  assert.deepEqual(goals.rows, [
    { name: "g1", createdBy: "zed", updatedBy: "admin" },
    { name: "g2", createdBy: "alice", updatedBy: "system" },
  ]);
});

test("a token name that means two people, or a person, is left alone on goals", async () => {
  await schemaBefore();
  await addUser("admin", "admin", "2026-01-01");
  await addUser("zed", "admin", "2026-02-01");
  await addToken("shared", "zed", true); // revoked, zed's
  await addToken("shared", "admin"); // live, admin's
  await addToken("zed", "admin"); // a token named after a person (made before that was refused)
  await client.query(`INSERT INTO "Goal" (id, name, spec, "createdBy", "updatedBy") VALUES (gen_random_uuid(), 'g', '{}', 'shared', 'zed')`);
  await runMigration();
  const goals = await client.query(`SELECT "createdBy", "updatedBy" FROM "Goal"`);
  assert.deepEqual(goals.rows, [{ createdBy: "shared", updatedBy: "zed" }]);
});

test("with nobody to own them tokens stay ownerless, and npm start gives them to the first admin it makes", async () => {
  await schemaBefore();
  await addToken("admin", null);
  await addToken("ci", "admin");
  await runMigration();
  assert.deepEqual(await owners(), ["admin: nobody", "ci: nobody"]);

  // What scripts/start.ts does next: the first admin, the CLI's token, then the ownerless tokens.
  const { db, pool } = createDb(database.url, 2);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-owner-"));
  try {
    await ensureFirstAdmin(db, dataDir);
    const file = await ensureAdminToken(db, dataDir);
    const cli = await verifyToken(db, fs.readFileSync(file, "utf8").trim());
    assert.deepEqual([cli?.name, cli?.token], ["admin", "admin"]);
    assert.deepEqual(await adoptOwnerlessTokens(db), ["admin", "ci"]);
    assert.deepEqual(await owners(), ["admin: admin", "admin: admin", "ci: admin"]);
    const adopted = await db.event.findFirstOrThrow({ where: { type: "TokensAdopted" } });
    assert.equal(adopted.message, "tokens admin, ci had no owner and now act as admin");
    assert.deepEqual(await adoptOwnerlessTokens(db), []);
  } finally {
    await db.$disconnect();
    await pool.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

// schema.prisma and prisma/migrations must describe the same database. Prisma's own drift check
// (`prisma migrate diff`) needs a schema-engine binary this project cannot download, so this test
// parses schema.prisma itself (tests/helpers/read-prisma-schema.ts), applies every migration to a
// fresh Postgres (tests/helpers/test-database.ts) and compares the two (tests/helpers/compare-schema.ts).
//
// If this fails after you edited schema.prisma: write a new prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL Prisma would generate. If it fails after you wrote a migration: update schema.prisma to match.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../server/db/migrate";
import { compareSchemaText, prismaConstraintName, readDatabaseSchema, type DatabaseSchema } from "../helpers/compare-schema";
import { parsePrismaSchema, type PrismaField, type PrismaModel } from "../helpers/read-prisma-schema";
import { createTestDatabase } from "../helpers/test-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");
const schemaText = fs.readFileSync(SCHEMA_PATH, "utf8");
// Indexes the migrations create that schema.prisma has no syntax for (an expression on a JSON field).
const SQL_INDEXES = ["Event_goalId_iteration_outcome_key", "Certificate_goalId_current_key"];
const compare = (text: string, database: DatabaseSchema) => compareSchemaText(text, database, { sqlIndexes: SQL_INDEXES });
const schema = parsePrismaSchema(schemaText);

const database = await createTestDatabase();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
after(async () => {
  await client.end();
  await database.drop();
});

/** The migrated database as it is now; `mutate` runs inside a transaction that is rolled back. */
async function snapshot(mutate?: (sql: (text: string) => Promise<unknown>) => Promise<void>): Promise<DatabaseSchema> {
  if (!mutate) return readDatabaseSchema(client);
  await client.query("BEGIN");
  try {
    await mutate((text) => client.query(text));
    return await readDatabaseSchema(client);
  } finally {
    await client.query("ROLLBACK");
  }
}

function migrationFolders(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

test("schema.prisma and the migrated database match (tables, columns, types, nullability, defaults, keys, indexes, foreign keys, enums)", async () => {
  assert.ok(schema.models.length > 0, "schema.prisma has no models");
  const problems = compare(schemaText, await snapshot());
  assert.deepEqual(
    problems,
    [],
    `schema.prisma and prisma/migrations disagree:\n  - ${problems.join("\n  - ")}\n` +
      "Add a migration for schema changes (or fix schema.prisma to match the migrations).",
  );
});

test("every migration folder holds a migration.sql, and migration_lock.toml names postgresql", () => {
  const folders = migrationFolders();
  assert.ok(folders.length > 0, "no migrations in prisma/migrations");
  for (const folder of folders) {
    assert.match(folder, /^\d{14}_\w+$/, `migration folder ${folder} is not named <14-digit timestamp>_<name> as Prisma names them`);
    assert.ok(fs.existsSync(path.join(MIGRATIONS_DIR, folder, "migration.sql")), `prisma/migrations/${folder} has no migration.sql`);
  }
  const lock = fs.readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
  assert.match(lock, /^provider\s*=\s*"postgresql"\s*$/m);
});

test("_prisma_migrations holds one finished row per migration folder, with the sha256 of its migration.sql", async () => {
  const folders = migrationFolders();
  const { rows } = await client.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    applied_steps_count: number;
    logs: string | null;
  }>(`SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name`);
  assert.deepEqual(
    rows.map((row) => row.migration_name),
    folders,
  );
  for (const row of rows) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
    assert.equal(row.checksum, crypto.createHash("sha256").update(sql).digest("hex"), `${row.migration_name}: checksum`);
    assert.ok(row.finished_at instanceof Date, `${row.migration_name}: finished_at is not set`);
    assert.equal(row.rolled_back_at, null, `${row.migration_name}: rolled back`);
    assert.equal(row.applied_steps_count, 1, `${row.migration_name}: applied_steps_count`);
  }
});

test("running migrate() a second time applies nothing and leaves _prisma_migrations unchanged", async () => {
  const before = await client.query(`SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
  assert.deepEqual(await migrate(database.url), []);
  const afterRun = await client.query(`SELECT id, migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
  assert.deepEqual(afterRun.rows, before.rows);
});

// ---------------------------------------------------------------------------------------------
// The comparison must catch drift in either direction. These feed it deliberately altered copies
// of schema.prisma (or a database altered inside a rolled-back transaction) and require exactly
// the expected complaint. Targets are picked from the real schema so the cases survive its growth.

function lineIndexOfField(lines: string[], model: string, field: string): number {
  const start = lines.findIndex((line) => new RegExp(`^\\s*model\\s+${model}\\s*\\{`).test(line));
  assert.ok(start >= 0, `model ${model} not found`);
  for (let i = start + 1; i < lines.length && lines[i].trim() !== "}"; i++) {
    if (new RegExp(`^\\s*${field}\\s`).test(lines[i])) return i;
  }
  assert.fail(`field ${model}.${field} not found`);
}

function editField(text: string, model: string, field: string, edit: (line: string) => string | null): string {
  const lines = text.split("\n");
  const index = lineIndexOfField(lines, model, field);
  const replaced = edit(lines[index]);
  assert.notEqual(replaced, lines[index], `edit of ${model}.${field} changed nothing`);
  if (replaced === null) lines.splice(index, 1);
  else lines[index] = replaced;
  return lines.join("\n");
}

function addToModel(text: string, model: string, line: string): string {
  const replaced = text.replace(new RegExp(`(^\\s*model\\s+${model}\\s*\\{\\n)`, "m"), `$1  ${line}\n`);
  assert.notEqual(replaced, text);
  return replaced;
}

/** Fields no index, key or relation refers to, so altering them touches only their own column. */
function plainFields(): { model: PrismaModel; field: PrismaField }[] {
  const result: { model: PrismaModel; field: PrismaField }[] = [];
  for (const model of schema.models) {
    const referenced = new Set<string>([
      ...model.uniques.flatMap((block) => block.fields.map((field) => field.name)),
      ...model.indexes.flatMap((block) => block.fields.map((field) => field.name)),
      ...(model.id?.fields.map((field) => field.name) ?? []),
      ...model.fields.flatMap((field) => field.relation?.fields ?? []),
      ...schema.models.flatMap((other) => other.fields.filter((field) => field.type === model.name).flatMap((field) => field.relation?.references ?? [])),
    ]);
    for (const field of model.fields) {
      if (field.kind === "scalar" && !field.list && !field.id && !field.unique && !referenced.has(field.name)) result.push({ model, field });
    }
  }
  return result;
}

function pick<T>(items: T[], description: string): T {
  assert.ok(items.length > 0, `schema.prisma has no ${description} to alter; adjust this test`);
  return items[0];
}

const real = await snapshot();

test("comparison reports a field added to schema.prisma without a migration", () => {
  const model = schema.models[0];
  const altered = addToModel(schemaText, model.name, "newField String");
  assert.deepEqual(compare(altered, real), [`${model.name}.newField: column missing in the database`]);
  const withMap = addToModel(schemaText, model.name, 'otherField Int? @map("other_field")');
  assert.deepEqual(compare(withMap, real), [`${model.name}.otherField: column missing in the database (expected column "other_field")`]);
});

test("comparison reports a field made optional (or required) in schema.prisma without a migration", () => {
  const required = pick(
    plainFields().filter(({ field }) => !field.optional),
    "required plain field",
  );
  const altered = editField(schemaText, required.model.name, required.field.name, (line) =>
    line.replace(new RegExp(`^(\\s*${required.field.name}\\s+\\w+)`), "$1?"),
  );
  assert.deepEqual(compare(altered, real), [
    `${required.model.name}.${required.field.name}: column is NOT NULL in the database but optional (?) in schema.prisma`,
  ]);

  const optional = pick(
    plainFields().filter(({ field }) => field.optional),
    "optional plain field",
  );
  const madeRequired = editField(schemaText, optional.model.name, optional.field.name, (line) => line.replace("?", ""));
  assert.deepEqual(compare(madeRequired, real), [
    `${optional.model.name}.${optional.field.name}: column is nullable in the database but required in schema.prisma (add ? or a migration with SET NOT NULL)`,
  ]);
});

test("comparison reports a column the migrations have but schema.prisma lacks", async () => {
  const { model, field } = pick(plainFields(), "plain field");
  const removed = editField(schemaText, model.name, field.name, () => null);
  assert.deepEqual(compare(removed, real), [`${model.name}: column "${field.column}" exists in the database but not in schema.prisma`]);

  const table = schema.models[0].table;
  const extraColumn = await snapshot(async (sql) => {
    await sql(`ALTER TABLE "${table}" ADD COLUMN "sneaky" TEXT`);
  });
  assert.deepEqual(compare(schemaText, extraColumn), [`${schema.models[0].name}: column "sneaky" exists in the database but not in schema.prisma`]);

  const extraTable = await snapshot(async (sql) => {
    await sql(`CREATE TABLE "Stray" ("id" INTEGER PRIMARY KEY)`);
  });
  assert.deepEqual(compare(schemaText, extraTable), [`table "Stray" exists in the database but no model in schema.prisma maps to it`]);

  const addedModel = `${schemaText}\nmodel Extra {\n  id Int @id\n}\n`;
  assert.deepEqual(compare(addedModel, real), [`Extra: table "Extra" missing in the database`]);
});

test("comparison reports type and default changes", async () => {
  const intField = pick(
    plainFields().filter(({ field }) => field.type === "Int" && !field.nativeType),
    "plain Int field",
  );
  const retyped = editField(schemaText, intField.model.name, intField.field.name, (line) => line.replace(/\bInt\b/, "BigInt"));
  assert.deepEqual(compare(retyped, real), [
    `${intField.model.name}.${intField.field.name}: column type is "integer" in the database, schema.prisma expects "bigint"`,
  ]);

  const withDefault = pick(
    plainFields().filter(({ field }) => field.default?.kind === "string"),
    "plain field with a string @default",
  );
  const noDefault = editField(schemaText, withDefault.model.name, withDefault.field.name, (line) => line.replace(/@default\((?:"(?:[^"\\]|\\.)*")\)/, ""));
  const [problem, ...rest] = compare(noDefault, real);
  assert.match(
    problem ?? "",
    new RegExp(`^${withDefault.model.name}\\.${withDefault.field.name}: column has database default .* but schema.prisma has no database-side @default$`),
  );
  assert.deepEqual(rest, []);

  const numberDefault = pick(
    plainFields().filter(({ field }) => field.default?.kind === "number"),
    "plain field with a numeric @default",
  );
  const changed = editField(schemaText, numberDefault.model.name, numberDefault.field.name, (line) =>
    line.replace(/@default\(([-\d.]+)\)/, (_, value) => `@default(${Number(value) + 7})`),
  );
  assert.equal(compare(changed, real).length, 1);
  assert.match(
    compare(changed, real)[0],
    new RegExp(`^${numberDefault.model.name}\\.${numberDefault.field.name}: database default is .*, schema.prisma has @default\\(`),
  );

  // A client-side default (uuid()) must have no database default, and vice versa.
  const required = pick(
    plainFields().filter(({ field }) => !field.optional && !field.default && field.type === "String"),
    "required String field without default",
  );
  const uuidDefault = editField(schemaText, required.model.name, required.field.name, (line) => `${line} @default(uuid())`);
  assert.deepEqual(compare(uuidDefault, real), []);
  const setDefault = await snapshot(async (sql) => {
    await sql(`ALTER TABLE "${required.model.table}" ALTER COLUMN "${required.field.column}" SET DEFAULT 'x'`);
  });
  assert.deepEqual(compare(schemaText, setDefault), [
    `${required.model.name}.${required.field.name}: column has database default 'x'::text but schema.prisma has no database-side @default`,
  ]);
  const dropNotNull = await snapshot(async (sql) => {
    await sql(`ALTER TABLE "${required.model.table}" ALTER COLUMN "${required.field.column}" DROP NOT NULL`);
  });
  assert.deepEqual(compare(schemaText, dropNotNull), [
    `${required.model.name}.${required.field.name}: column is nullable in the database but required in schema.prisma (add ? or a migration with SET NOT NULL)`,
  ]);
});

test("comparison reports unique and index changes, including Prisma's index names", async () => {
  const uniqueField = schema.models.flatMap((model) => model.fields.filter((field) => field.unique).map((field) => ({ model, field })))[0];
  if (uniqueField) {
    const name = prismaConstraintName(uniqueField.model.table, [uniqueField.field.column], "key");
    const noUnique = editField(schemaText, uniqueField.model.name, uniqueField.field.name, (line) => line.replace(/\s@unique\b/, ""));
    assert.deepEqual(compare(noUnique, real), [
      `${uniqueField.model.name}: index "${name}" (unique btree on ${uniqueField.field.column}) exists in the database but not in schema.prisma`,
    ]);
    const renamed = await snapshot(async (sql) => {
      await sql(`ALTER INDEX "${name}" RENAME TO "renamed_key"`);
    });
    assert.deepEqual(compare(schemaText, renamed), [
      `${uniqueField.model.name}: unique index (@unique on ${uniqueField.field.name}) is named "renamed_key" in the database, schema.prisma expects "${name}"`,
    ]);
  }

  const indexed = schema.models.find((model) => model.indexes.some((block) => block.fields.length >= 2));
  if (indexed) {
    const block = indexed.indexes.find((candidate) => candidate.fields.length >= 2)!;
    const names = block.fields.map((field) => field.name);
    const original = `@@index([${names.join(", ")}])`;
    assert.ok(schemaText.includes(original), `expected ${original} verbatim in schema.prisma`);
    const reversed = schemaText.replace(original, `@@index([${[...names].reverse().join(", ")}])`);
    const columns = names.map((name) => indexed.fields.find((field) => field.name === name)!.column);
    assert.deepEqual(compare(reversed, real), [
      `${indexed.name}: index (@@index([${[...names].reverse().join(", ")}])) "${prismaConstraintName(indexed.table, [...columns].reverse(), "idx")}" on (${[...columns].reverse().join(", ")}) missing in the database`,
      `${indexed.name}: index "${prismaConstraintName(indexed.table, columns, "idx")}" (index btree on ${columns.join(", ")}) exists in the database but not in schema.prisma`,
    ]);
  }

  const { model, field } = pick(plainFields(), "plain field");
  const extraIndex = await snapshot(async (sql) => {
    await sql(`CREATE INDEX "hand_made" ON "${model.table}" ("${field.column}")`);
  });
  assert.deepEqual(compare(schemaText, extraIndex), [
    `${model.name}: index "hand_made" (index btree on ${field.column}) exists in the database but not in schema.prisma`,
  ]);
  const addedIndex = schemaText.replace(new RegExp(`(^\\s*model\\s+${model.name}\\s*\\{\\n)`, "m"), `$1  @@index([${field.name}])\n`);
  assert.deepEqual(compare(addedIndex, real), [
    `${model.name}: index (@@index([${field.name}])) "${prismaConstraintName(model.table, [field.column], "idx")}" on (${field.column}) missing in the database`,
  ]);
});

test("comparison requires the SQL-only indexes, and only those are not in schema.prisma", async () => {
  const [name] = SQL_INDEXES;
  assert.deepEqual(compare(schemaText, real), []);
  const dropped = await snapshot(async (sql) => {
    await sql(`DROP INDEX "${name}"`);
  });
  assert.deepEqual(compare(schemaText, dropped), [`index "${name}" (SQL only) missing in the database`]);
  const unlisted = compareSchemaText(schemaText, real);
  assert.equal(unlisted.length, SQL_INDEXES.length, unlisted.join("\n"));
  for (const each of SQL_INDEXES) {
    assert.ok(
      unlisted.some((line) => new RegExp(`index "${each}" .*partial/expression\\) exists in the database but not in schema.prisma`).test(line)),
      unlisted.join("\n"),
    );
  }
});

test("comparison reports foreign key changes (onDelete, missing constraint)", async () => {
  const owner = schema.models.find((model) => model.fields.some((field) => field.relation?.onDelete === "Cascade"));
  assert.ok(owner, "schema.prisma has no relation with onDelete: Cascade to alter; adjust this test");
  const relation = owner.fields.find((field) => field.relation?.onDelete === "Cascade")!;
  const fkName = prismaConstraintName(
    owner.table,
    relation.relation!.fields!.map((name) => owner.fields.find((field) => field.name === name)!.column),
    "fkey",
  );
  const restricted = editField(schemaText, owner.name, relation.name, (line) => line.replace("onDelete: Cascade", "onDelete: Restrict"));
  assert.deepEqual(compare(restricted, real), [
    `${owner.name}.${relation.name}: foreign key "${fkName}" is ON DELETE Cascade in the database, schema.prisma expects onDelete: Restrict`,
  ]);
  const dropped = await snapshot(async (sql) => {
    await sql(`ALTER TABLE "${owner.table}" DROP CONSTRAINT "${fkName}"`);
  });
  const problems = compare(schemaText, dropped);
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], new RegExp(`^${owner.name}\\.${relation.name}: foreign key "${fkName}" .* missing in the database$`));
});

test("the checker itself: a Prisma schema using enums, @map/@@map, @@id, native types, lists and sort orders matches the SQL Prisma generates for it", async () => {
  const synthetic = `
    // "Comments" with // inside strings must not confuse the reader.
    enum Role {
      ADMIN
      VIEWER @map("viewer")
      @@map("role")
    }
    model Team {
      id        Int      @id @default(autoincrement())
      slug      String   @db.VarChar(64)
      tags      String[]
      role      Role     @default(VIEWER)
      score     Decimal?
      blob      Bytes?
      members   Member[] @relation("members")
      mentees   Member[] @relation("mentor")
      @@unique([slug], map: "team_slug_unique")
      @@map("teams")
    }
    model Member {
      teamId       Int      @map("team_id")
      userId       String   /// the user's id
      url          String   @default("http://example.com/a//b")
      joinedAt     DateTime @default(now()) @db.Timestamptz(6)
      active       Boolean  @default(true)
      mentorTeamId Int?
      team         Team     @relation("members", fields: [teamId], references: [id])
      mentorTeam   Team?    @relation("mentor", fields: [mentorTeamId], references: [id])
      @@id([teamId, userId])
      @@index([joinedAt(sort: Desc)])
    }
  `;
  const parsed = parsePrismaSchema(synthetic);
  assert.deepEqual(parsed.enums, [
    {
      name: "Role",
      dbName: "role",
      values: [
        { name: "ADMIN", dbName: "ADMIN" },
        { name: "VIEWER", dbName: "viewer" },
      ],
    },
  ]);
  assert.equal(parsed.models.find((model) => model.name === "Member")!.fields.find((field) => field.name === "url")!.default?.kind, "string");

  const generated = await snapshot(async (sql) => {
    await sql(`CREATE SCHEMA "checker_selftest"`);
    await sql(`SET LOCAL search_path TO "checker_selftest"`);
    await sql(`
      CREATE TYPE "role" AS ENUM ('ADMIN', 'viewer');
      CREATE TABLE "teams" (
        "id" SERIAL NOT NULL, "slug" VARCHAR(64) NOT NULL, "tags" TEXT[], "role" "role" NOT NULL DEFAULT 'viewer',
        "score" DECIMAL(65,30), "blob" BYTEA,
        CONSTRAINT "teams_pkey" PRIMARY KEY ("id"));
      CREATE TABLE "Member" (
        "team_id" INTEGER NOT NULL, "userId" TEXT NOT NULL, "url" TEXT NOT NULL DEFAULT 'http://example.com/a//b',
        "joinedAt" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP, "active" BOOLEAN NOT NULL DEFAULT true, "mentorTeamId" INTEGER,
        CONSTRAINT "Member_pkey" PRIMARY KEY ("team_id", "userId"));
      CREATE UNIQUE INDEX "team_slug_unique" ON "teams"("slug");
      CREATE INDEX "Member_joinedAt_idx" ON "Member"("joinedAt" DESC);
      ALTER TABLE "Member" ADD CONSTRAINT "Member_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
      ALTER TABLE "Member" ADD CONSTRAINT "Member_mentorTeamId_fkey" FOREIGN KEY ("mentorTeamId") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;
    `);
  });
  assert.deepEqual(compareSchemaText(synthetic, generated, { ignoreTables: [] }), []);

  const drifted = synthetic
    .replace('VIEWER @map("viewer")', 'VIEWER @map("viewer")\n      OWNER')
    .replace("@@index([joinedAt(sort: Desc)])", "@@index([joinedAt])")
    .replace('teamId       Int      @map("team_id")', "teamId       Int")
    .replace("mentorTeamId Int?", "mentorTeamId Int? @db.SmallInt");
  assert.deepEqual(compareSchemaText(drifted, generated, { ignoreTables: [] }), [
    `enum Role: value "OWNER" missing in the database`,
    `Member.teamId: column missing in the database`,
    `Member.mentorTeamId: column type is "integer" in the database, schema.prisma expects "smallint"`,
    `Member: column "team_id" exists in the database but not in schema.prisma`,
    `Member: primary key (@@id([teamId, userId])) "Member_pkey" should be on (teamId, userId) but the database has "Member_pkey" (primary key btree on team_id, userId)`,
    `Member: index (@@index([joinedAt])) "Member_joinedAt_idx" should be on (joinedAt) but the database has "Member_joinedAt_idx" (index btree on joinedAt DESC)`,
    `Member.team: foreign key "Member_teamId_fkey" (teamId) -> teams(id) missing in the database`,
    `Member: foreign key "Member_team_id_fkey" (team_id) -> teams exists in the database but not in schema.prisma`,
  ]);
});

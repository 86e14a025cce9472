// Compares a parsed schema.prisma (tests/helpers/read-prisma-schema.ts) with the layout of a real
// Postgres database read from pg_catalog, the way `prisma migrate diff` would if its schema engine
// were available: tables, columns (type, nullability, defaults), primary keys, unique and plain
// indexes (with Prisma's default names), foreign keys (with ON DELETE / ON UPDATE), and enums.
// compareSchema returns one human-readable line per difference; an empty list means they match.
import type pg from "pg";
import { parsePrismaSchema, type PrismaBlockIndex, type PrismaDefault, type PrismaField, type PrismaModel, type PrismaSchema } from "./read-prisma-schema";

export type DbColumn = { name: string; type: string; notNull: boolean; default: string | null; identity: boolean; generated: boolean };
export type DbIndex = { name: string; unique: boolean; primary: boolean; method: string; partial: boolean; columns: (string | null)[]; descending: boolean[] };
export type DbForeignKey = { name: string; columns: string[]; referencedTable: string; referencedColumns: string[]; onDelete: string; onUpdate: string };
export type DbTable = { name: string; kind: string; columns: DbColumn[]; indexes: DbIndex[]; foreignKeys: DbForeignKey[] };
export type DbEnum = { name: string; values: string[] };
export type DatabaseSchema = { tables: DbTable[]; enums: DbEnum[] };

type Queryable = Pick<pg.Client, "query">;

const RELATION_KINDS: Record<string, string> = { r: "table", p: "partitioned table", v: "view", m: "materialized view", f: "foreign table" };
const FK_ACTIONS: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

/** Reads the current schema (search_path's first schema, `public` by default) from pg_catalog. */
export async function readDatabaseSchema(client: Queryable): Promise<DatabaseSchema> {
  const relations = await client.query<{ name: string; kind: string }>(`
    SELECT c.relname AS name, c.relkind AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    ORDER BY c.relname`);
  const columns = await client.query<DbColumn & { table: string }>(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS default,
           a.attidentity <> '' AS identity, a.attgenerated <> '' AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  const indexes = await client.query<DbIndex & { table: string }>(`
    SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
           am.amname AS method, ix.indpred IS NOT NULL OR ix.indexprs IS NOT NULL AS partial,
           ARRAY(SELECT a.attname::text
                 FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                 LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                 WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS columns,
           ARRAY(SELECT (o.opt & 1) = 1
                 FROM unnest(ix.indoption::int2[]) WITH ORDINALITY AS o(opt, ord)
                 WHERE o.ord <= ix.indnkeyatts ORDER BY o.ord) AS descending
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = current_schema()
    ORDER BY t.relname, i.relname`);
  const foreignKeys = await client.query<{
    table: string;
    name: string;
    referencedTable: string;
    columns: string[];
    referencedColumns: string[];
    del: string;
    upd: string;
  }>(`
    SELECT t.relname AS table, con.conname AS name, rt.relname AS "referencedTable",
           con.confdeltype AS del, con.confupdtype AS upd,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "referencedColumns"
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_class rt ON rt.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE con.contype = 'f' AND n.nspname = current_schema()
    ORDER BY t.relname, con.conname`);
  const enums = await client.query<DbEnum>(`
    SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema()
    GROUP BY t.typname ORDER BY t.typname`);

  return {
    tables: relations.rows.map((relation) => ({
      name: relation.name,
      kind: RELATION_KINDS[relation.kind] ?? relation.kind,
      columns: columns.rows.filter((row) => row.table === relation.name).map(({ table: _table, ...column }) => column),
      indexes: indexes.rows.filter((row) => row.table === relation.name).map(({ table: _table, ...index }) => index),
      foreignKeys: foreignKeys.rows
        .filter((row) => row.table === relation.name)
        .map((row) => ({
          name: row.name,
          columns: row.columns,
          referencedTable: row.referencedTable,
          referencedColumns: row.referencedColumns,
          onDelete: FK_ACTIONS[row.del] ?? row.del,
          onUpdate: FK_ACTIONS[row.upd] ?? row.upd,
        })),
    })),
    enums: enums.rows,
  };
}

// sqlIndexes: partial or expression indexes the migrations create and schema.prisma cannot describe
// (Prisma has no syntax for an index on a JSON field); each must exist, and be one that Prisma cannot describe.
export type CompareOptions = { ignoreTables?: string[]; sqlIndexes?: string[] };

export function compareSchemaText(schemaText: string, database: DatabaseSchema, options?: CompareOptions): string[] {
  return compareSchema(parsePrismaSchema(schemaText), database, options);
}

export function compareSchema(schema: PrismaSchema, database: DatabaseSchema, options: CompareOptions = {}): string[] {
  const ignore = new Set(options.ignoreTables ?? ["_prisma_migrations"]);
  const problems: string[] = [];
  const modelsByName = new Map(schema.models.map((model) => [model.name, model]));
  const enumsByName = new Map(schema.enums.map((prismaEnum) => [prismaEnum.name, prismaEnum]));
  const tablesByName = new Map(database.tables.map((table) => [table.name, table]));

  // Enums.
  const dbEnums = new Map(database.enums.map((dbEnum) => [dbEnum.name, dbEnum]));
  for (const prismaEnum of schema.enums) {
    const dbEnum = dbEnums.get(prismaEnum.dbName);
    if (!dbEnum) {
      problems.push(`enum ${prismaEnum.name}: type "${prismaEnum.dbName}" missing in the database`);
      continue;
    }
    const expected = prismaEnum.values.map((value) => value.dbName);
    for (const value of expected) if (!dbEnum.values.includes(value)) problems.push(`enum ${prismaEnum.name}: value "${value}" missing in the database`);
    for (const value of dbEnum.values)
      if (!expected.includes(value)) problems.push(`enum ${prismaEnum.name}: value "${value}" exists in the database but not in schema.prisma`);
  }
  const expectedEnumNames = new Set(schema.enums.map((prismaEnum) => prismaEnum.dbName));
  for (const dbEnum of database.enums) {
    if (!expectedEnumNames.has(dbEnum.name)) problems.push(`enum type "${dbEnum.name}" exists in the database but no enum in schema.prisma maps to it`);
  }

  // Tables.
  const expectedTables = new Set(schema.models.map((model) => model.table));
  for (const table of database.tables) {
    if (ignore.has(table.name) || expectedTables.has(table.name)) continue;
    problems.push(`${table.kind} "${table.name}" exists in the database but no model in schema.prisma maps to it`);
  }

  for (const model of schema.models) {
    const table = tablesByName.get(model.table);
    if (!table) {
      problems.push(`${model.name}: table "${model.table}" missing in the database`);
      continue;
    }
    if (table.kind !== "table" && table.kind !== "partitioned table") {
      problems.push(`${model.name}: "${model.table}" is a ${table.kind} in the database, expected a table`);
      continue;
    }
    problems.push(...compareColumns(model, table, enumsByName));
    problems.push(...compareIndexes(model, table, new Set(options.sqlIndexes)));
    problems.push(...compareForeignKeys(model, table, modelsByName));
  }
  const indexes = database.tables.flatMap((table) => table.indexes);
  for (const name of options.sqlIndexes ?? []) {
    const index = indexes.find((candidate) => candidate.name === name);
    if (!index) problems.push(`index "${name}" (SQL only) missing in the database`);
    else if (!index.partial) problems.push(`index ${describeIndex(index)} is listed as SQL only, but schema.prisma can describe it: describe it there`);
  }
  return problems;
}

function scalarFields(model: PrismaModel): PrismaField[] {
  return model.fields.filter((field) => field.kind !== "relation");
}

function compareColumns(model: PrismaModel, table: DbTable, enums: Map<string, { dbName: string; values: { name: string; dbName: string }[] }>): string[] {
  const problems: string[] = [];
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  for (const field of scalarFields(model)) {
    const where = `${model.name}.${field.name}`;
    const column = columns.get(field.column);
    if (!column) {
      problems.push(`${where}: column missing in the database${field.column !== field.name ? ` (expected column "${field.column}")` : ""}`);
      continue;
    }
    const expectedType = expectedColumnType(field, enums);
    const actualType = column.type.replace(/"/g, "");
    if (normalizeType(actualType) !== normalizeType(expectedType)) {
      problems.push(`${where}: column type is "${actualType}" in the database, schema.prisma expects "${expectedType}"`);
    }
    // Prisma renders scalar lists without NOT NULL; everything else is NOT NULL unless `?`.
    const expectNotNull = !field.optional && !field.list;
    if (column.notNull !== expectNotNull) {
      problems.push(
        column.notNull
          ? `${where}: column is NOT NULL in the database but ${field.list ? "a list" : "optional (?)"} in schema.prisma`
          : `${where}: column is nullable in the database but required in schema.prisma (add ? or a migration with SET NOT NULL)`,
      );
    }
    if (column.generated) problems.push(`${where}: column is GENERATED in the database, which schema.prisma cannot describe`);
    problems.push(...compareDefault(where, field, column, enums));
  }
  const expectedColumns = new Set(scalarFields(model).map((field) => field.column));
  for (const column of table.columns) {
    if (!expectedColumns.has(column.name)) problems.push(`${model.name}: column "${column.name}" exists in the database but not in schema.prisma`);
  }
  return problems;
}

const PRISMA_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function expectedColumnType(field: PrismaField, enums: Map<string, { dbName: string }>): string {
  let base: string;
  if (field.kind === "unsupported") base = field.unsupportedType!;
  else if (field.kind === "enum") base = enums.get(field.type)!.dbName;
  else if (field.nativeType) base = nativeType(field.nativeType.name, field.nativeType.args);
  else base = PRISMA_TYPES[field.type];
  return field.list ? `${base}[]` : base;
}

function nativeType(name: string, args: string[]): string {
  const withArgs = (sql: string) => (args.length > 0 ? `${sql}(${args.join(",")})` : sql);
  const precision = (sql: string, suffix: string) => (args.length > 0 ? `${sql}(${args[0]}) ${suffix}` : `${sql} ${suffix}`);
  switch (name) {
    case "Text":
      return "text";
    case "VarChar":
      return withArgs("character varying");
    case "Char":
      return withArgs("character");
    case "Uuid":
      return "uuid";
    case "Xml":
      return "xml";
    case "Inet":
      return "inet";
    case "Citext":
      return "citext";
    case "Bit":
      return withArgs("bit");
    case "VarBit":
      return withArgs("bit varying");
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "Oid":
      return "oid";
    case "BigInt":
      return "bigint";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Decimal":
      return withArgs("numeric");
    case "Money":
      return "money";
    case "Timestamp":
      return precision("timestamp", "without time zone");
    case "Timestamptz":
      return precision("timestamp", "with time zone");
    case "Date":
      return "date";
    case "Time":
      return precision("time", "without time zone");
    case "Timetz":
      return precision("time", "with time zone");
    case "Boolean":
      return "boolean";
    case "Json":
      return "json";
    case "JsonB":
      return "jsonb";
    case "ByteA":
      return "bytea";
    default:
      throw new Error(`compare-schema: unknown native type @db.${name}`);
  }
}

function normalizeType(type: string): string {
  return type
    .toLowerCase()
    .replace(/\s*,\s*/g, ",")
    .replace(/\s+/g, " ")
    .trim();
}

/** What a database default expression means, in Prisma's terms. */
type DbDefault = { kind: "now" } | { kind: "autoincrement" } | { kind: "literal"; value: string } | { kind: "expression"; text: string };

function readDbDefault(column: DbColumn): DbDefault | null {
  if (column.identity) return { kind: "autoincrement" };
  if (column.default === null || column.generated) return null;
  let text = column.default.trim();
  while (text.startsWith("(") && text.endsWith(")")) text = text.slice(1, -1).trim();
  if (/^(CURRENT_TIMESTAMP|now\(\))$/i.test(text)) return { kind: "now" };
  if (/^nextval\(/i.test(text)) return { kind: "autoincrement" };
  const quoted = /^'((?:[^']|'')*)'(?:::[\w\s."()[\],]+)?$/.exec(text);
  if (quoted) return { kind: "literal", value: quoted[1].replace(/''/g, "'") };
  const bare = /^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?|true|false)(?:::[\w\s."()[\],]+)?$/i.exec(text);
  if (bare) return { kind: "literal", value: bare[1].toLowerCase() };
  return { kind: "expression", text };
}

function compareDefault(where: string, field: PrismaField, column: DbColumn, enums: Map<string, { values: { name: string; dbName: string }[] }>): string[] {
  const expected: PrismaDefault | undefined = field.default?.kind === "client" ? undefined : field.default;
  const actual = readDbDefault(column);
  const shown = column.identity ? "GENERATED AS IDENTITY" : column.default;
  if (!expected && !actual) return [];
  if (!expected) {
    const why = field.default?.kind === "client" ? ` (@default(${field.defaultText}) is generated by Prisma Client, not the database)` : "";
    return [`${where}: column has database default ${shown} but schema.prisma has no database-side @default${why}`];
  }
  if (!actual) return [`${where}: column has no database default but schema.prisma has @default(${field.defaultText})`];
  const mismatch = [`${where}: database default is ${shown}, schema.prisma has @default(${field.defaultText})`];
  switch (expected.kind) {
    case "now":
      return actual.kind === "now" ? [] : mismatch;
    case "autoincrement":
      return actual.kind === "autoincrement" ? [] : mismatch;
    case "dbgenerated":
    case "list":
      // Any database expression satisfies these; their text is not normalised reliably.
      return [];
    case "boolean":
      return actual.kind === "literal" && actual.value === String(expected.value) ? [] : mismatch;
    case "number":
      return actual.kind === "literal" && Number(actual.value) === Number(expected.value) ? [] : mismatch;
    case "enum": {
      const dbValue = enums.get(field.type)?.values.find((value) => value.name === expected.value)?.dbName ?? expected.value;
      return actual.kind === "literal" && actual.value === dbValue ? [] : mismatch;
    }
    case "string": {
      if (actual.kind !== "literal") return mismatch;
      if (field.type === "Json") return sameJson(actual.value, expected.value) ? [] : mismatch;
      if (field.type === "DateTime") return Date.parse(actual.value) === Date.parse(expected.value) ? [] : mismatch;
      return actual.value === expected.value ? [] : mismatch;
    }
    default:
      return mismatch;
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

type ExpectedIndex = {
  what: string;
  name: string;
  columns: string[];
  descending: boolean[];
  unique: boolean;
  primary: boolean;
  method: string;
};

const MAX_IDENTIFIER = 63;

/** Prisma's default constraint names: `<Table>_<col>_<col>_<suffix>`, shortened to Postgres's 63 bytes. */
export function prismaConstraintName(table: string, columns: string[], suffix: "pkey" | "key" | "idx" | "fkey"): string {
  const base = suffix === "pkey" ? table : `${table}_${columns.join("_")}`;
  const room = MAX_IDENTIFIER - suffix.length - 1;
  return `${base.length > room ? base.slice(0, room) : base}_${suffix}`;
}

function expectedIndexes(model: PrismaModel): ExpectedIndex[] {
  const columnOf = (fieldName: string) => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    if (!field) throw new Error(`schema.prisma: ${model.name} refers to unknown field ${fieldName}`);
    return field.column;
  };
  const fromBlock = (block: PrismaBlockIndex, what: string, suffix: "pkey" | "key" | "idx", unique: boolean, primary: boolean): ExpectedIndex => {
    const columns = block.fields.map((field) => columnOf(field.name));
    return {
      what,
      name: block.map ?? prismaConstraintName(model.table, columns, suffix),
      columns,
      descending: block.fields.map((field) => field.sort === "Desc"),
      unique,
      primary,
      method: (block.type ?? "BTree").toLowerCase(),
    };
  };
  const result: ExpectedIndex[] = [];
  const idFields = model.fields.filter((field) => field.id);
  if (idFields.length > 1) throw new Error(`schema.prisma: ${model.name} has @id on several fields`);
  if (idFields.length === 1) {
    const field = idFields[0];
    result.push({
      what: `primary key (@id on ${field.name})`,
      name: field.idName ?? prismaConstraintName(model.table, [field.column], "pkey"),
      columns: [field.column],
      descending: [false],
      unique: true,
      primary: true,
      method: "btree",
    });
  } else if (model.id) {
    result.push(fromBlock(model.id, `primary key (@@id([${model.id.fields.map((field) => field.name).join(", ")}]))`, "pkey", true, true));
  }
  for (const field of model.fields.filter((candidate) => candidate.unique)) {
    result.push({
      what: `unique index (@unique on ${field.name})`,
      name: field.uniqueName ?? prismaConstraintName(model.table, [field.column], "key"),
      columns: [field.column],
      descending: [false],
      unique: true,
      primary: false,
      method: "btree",
    });
  }
  for (const block of model.uniques)
    result.push(fromBlock(block, `unique index (@@unique([${block.fields.map((field) => field.name).join(", ")}]))`, "key", true, false));
  for (const block of model.indexes)
    result.push(fromBlock(block, `index (@@index([${block.fields.map((field) => field.name).join(", ")}]))`, "idx", false, false));
  return result;
}

function describeIndex(index: DbIndex): string {
  return `"${index.name}" (${index.primary ? "primary key" : index.unique ? "unique" : "index"} ${index.method} on ${index.columns.map((column, i) => `${column ?? "<expression>"}${index.descending[i] ? " DESC" : ""}`).join(", ")}${index.partial ? ", partial/expression" : ""})`;
}

function sameShape(index: DbIndex, expected: ExpectedIndex): boolean {
  return (
    index.unique === expected.unique &&
    index.primary === expected.primary &&
    index.method === expected.method &&
    !index.partial &&
    index.columns.length === expected.columns.length &&
    index.columns.every((column, i) => column === expected.columns[i]) &&
    index.descending.every((descending, i) => descending === expected.descending[i])
  );
}

function compareIndexes(model: PrismaModel, table: DbTable, sqlIndexes: Set<string>): string[] {
  const problems: string[] = [];
  const used = new Set<string>([...sqlIndexes].filter((name) => table.indexes.some((index) => index.name === name && index.partial)));
  const expected = expectedIndexes(model);
  if (!expected.some((index) => index.primary)) {
    const primary = table.indexes.find((index) => index.primary);
    if (primary) {
      problems.push(`${model.name}: primary key ${describeIndex(primary)} exists in the database but schema.prisma has no @id / @@id`);
      used.add(primary.name);
    }
  }
  for (const want of expected) {
    const wanted = `${want.columns.join(", ")}${want.method !== "btree" ? ` using ${want.method}` : ""}`;
    const byName = table.indexes.find((index) => index.name === want.name);
    if (byName) {
      used.add(byName.name);
      if (!sameShape(byName, want))
        problems.push(`${model.name}: ${want.what} "${want.name}" should be on (${wanted}) but the database has ${describeIndex(byName)}`);
      continue;
    }
    const sameColumns = table.indexes.find((index) => !used.has(index.name) && sameShape(index, want));
    if (sameColumns) {
      used.add(sameColumns.name);
      problems.push(`${model.name}: ${want.what} is named "${sameColumns.name}" in the database, schema.prisma expects "${want.name}"`);
      continue;
    }
    problems.push(`${model.name}: ${want.what} "${want.name}" on (${wanted}) missing in the database`);
  }
  for (const index of table.indexes) {
    if (!used.has(index.name)) problems.push(`${model.name}: index ${describeIndex(index)} exists in the database but not in schema.prisma`);
  }
  return problems;
}

type ExpectedForeignKey = {
  field: PrismaField;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
};

function expectedForeignKeys(model: PrismaModel, models: Map<string, PrismaModel>): ExpectedForeignKey[] {
  const result: ExpectedForeignKey[] = [];
  for (const field of model.fields) {
    if (field.kind !== "relation") continue;
    const target = models.get(field.type)!;
    const relation = field.relation ?? {};
    if (!relation.fields) {
      // Back-relation side: no column here. An implicit many-to-many (lists on both sides, no
      // `fields` anywhere) would need a `_AToB` join table, which this checker does not model.
      const opposite = target.fields.find(
        (candidate) =>
          candidate.kind === "relation" &&
          candidate.type === model.name &&
          candidate !== field &&
          (candidate.relation?.name ?? null) === (relation.name ?? null),
      );
      if (field.list && opposite?.list) throw new Error(`compare-schema: implicit many-to-many ${model.name}.${field.name} is not supported`);
      continue;
    }
    const columnOf = (owner: PrismaModel, name: string) => {
      const scalar = owner.fields.find((candidate) => candidate.name === name);
      if (!scalar) throw new Error(`schema.prisma: ${owner.name} has no field ${name} (used by ${model.name}.${field.name})`);
      return scalar;
    };
    const fkFields = relation.fields.map((name) => columnOf(model, name));
    const columns = fkFields.map((scalar) => scalar.column);
    const defaultOnDelete = fkFields.some((scalar) => scalar.optional) ? "SetNull" : "Restrict";
    result.push({
      field,
      name: relation.map ?? prismaConstraintName(model.table, columns, "fkey"),
      columns,
      referencedTable: target.table,
      referencedColumns: (relation.references ?? []).map((name) => columnOf(target, name).column),
      onDelete: relation.onDelete ?? defaultOnDelete,
      onUpdate: relation.onUpdate ?? "Cascade",
    });
  }
  return result;
}

function compareForeignKeys(model: PrismaModel, table: DbTable, models: Map<string, PrismaModel>): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const want of expectedForeignKeys(model, models)) {
    const where = `${model.name}.${want.field.name}`;
    const same = (fk: DbForeignKey) => fk.columns.join(",") === want.columns.join(",") && fk.referencedTable === want.referencedTable;
    let fk = table.foreignKeys.find((candidate) => candidate.name === want.name);
    if (!fk) {
      fk = table.foreignKeys.find((candidate) => !used.has(candidate.name) && same(candidate));
      if (fk) problems.push(`${where}: foreign key is named "${fk.name}" in the database, schema.prisma expects "${want.name}"`);
    }
    if (!fk) {
      problems.push(
        `${where}: foreign key "${want.name}" (${want.columns.join(", ")}) -> ${want.referencedTable}(${want.referencedColumns.join(", ")}) missing in the database`,
      );
      continue;
    }
    used.add(fk.name);
    if (!same(fk) || fk.referencedColumns.join(",") !== want.referencedColumns.join(",")) {
      problems.push(
        `${where}: foreign key "${fk.name}" is (${fk.columns.join(", ")}) -> ${fk.referencedTable}(${fk.referencedColumns.join(", ")}) in the database, schema.prisma expects (${want.columns.join(", ")}) -> ${want.referencedTable}(${want.referencedColumns.join(", ")})`,
      );
    }
    if (fk.onDelete !== want.onDelete)
      problems.push(`${where}: foreign key "${fk.name}" is ON DELETE ${fk.onDelete} in the database, schema.prisma expects onDelete: ${want.onDelete}`);
    if (fk.onUpdate !== want.onUpdate)
      problems.push(`${where}: foreign key "${fk.name}" is ON UPDATE ${fk.onUpdate} in the database, schema.prisma expects onUpdate: ${want.onUpdate}`);
  }
  for (const fk of table.foreignKeys) {
    if (!used.has(fk.name))
      problems.push(
        `${model.name}: foreign key "${fk.name}" (${fk.columns.join(", ")}) -> ${fk.referencedTable} exists in the database but not in schema.prisma`,
      );
  }
  return problems;
}

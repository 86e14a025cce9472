// Rows written by hand-built statements (server/queue/fenced-statement.ts) travel as one jsonb parameter, and
// Postgres turns each field into its column's type (jsonb_populate_record): timestamps as ISO text, JSON columns
// as nested JSON, a JSON null as NULL. The column names come from code, never from input.
import { Prisma } from "../generated/prisma/client";

export function ident(name: string): Prisma.Sql {
  return Prisma.raw(`"${name.replaceAll('"', '""')}"`);
}

// Fields left undefined are not written (as with Prisma's own writes).
function defined(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
}

function populated(table: string, row: Record<string, unknown>): Prisma.Sql {
  return Prisma.sql`jsonb_populate_record(NULL::${ident(table)}, ${jsonParameter(row)}::jsonb)`;
}

// JSON for a jsonb parameter. A string cut inside a character pair (an emoji cut at a length limit) keeps half of it,
// which JSON writes as \udXXX and Postgres's jsonb refuses; as a text parameter Node sent it as U+FFFD, so here too.
export function jsonParameter(value: unknown): string {
  return JSON.stringify(value, (_key, each: unknown) => (typeof each === "string" ? wellFormed(each) : each));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

// INSERT INTO table (the rows' columns) SELECT them FROM the rows, `from`: a CTE the insert depends on.
export function insertRows(table: string, rows: Record<string, unknown>[], from: string): Prisma.Sql {
  const names = [...new Set(rows.flatMap((row) => Object.keys(defined(row))))];
  return Prisma.sql`INSERT INTO ${ident(table)} (${Prisma.join(names.map(ident))})
    SELECT ${Prisma.join(names.map((name) => Prisma.sql`r.${ident(name)}`))}
    FROM jsonb_populate_recordset(NULL::${ident(table)}, ${jsonParameter(rows)}::jsonb) AS r, ${ident(from)}`;
}

// (the row's columns) = (its values), for an UPDATE's SET or an upsert's DO UPDATE SET.
export function assignRow(table: string, row: Record<string, unknown>): Prisma.Sql {
  const fields = defined(row);
  const names = Object.keys(fields);
  return Prisma.sql`(${Prisma.join(names.map(ident))}) = (SELECT ${Prisma.join(names.map((name) => Prisma.sql`r.${ident(name)}`))} FROM ${populated(table, fields)} AS r)`;
}

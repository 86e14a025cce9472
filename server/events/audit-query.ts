// The audit log page's address (?actor=&goal=&type=&from=&to=&before=|after=), read into filters. A value
// that is not what a field takes is named in a problem and left out, never an error page.
import { z } from "zod";
import { dnsLabel } from "../spec/goal-spec";
import type { AuditCursor, AuditPageFilter } from "./list-events";

// From a datetime-local field (no zone: read as UTC, which the page says) or a full ISO time.
const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?Z?$/, "must be a date and time, like 2026-12-06T09:30 (UTC)")
  .transform((text) => new Date(/Z$/.test(text) ? text : text.length === 10 ? `${text}T00:00Z` : `${text}Z`))
  .refine((date) => !Number.isNaN(date.getTime()), "must be a real date and time");
const cursorId = z
  .string()
  .regex(/^\d{1,19}$/, "must be an event id")
  .transform(BigInt);

const FIELDS = {
  actor: z.string().min(1).max(200, "must be at most 200 characters"),
  goal: dnsLabel,
  type: z.string().min(1).max(100, "must be at most 100 characters"),
  from: time,
  to: time,
  before: cursorId,
  after: cursorId,
} as const;

export type AuditQuery = { filter: AuditPageFilter; cursor: AuditCursor; values: Record<string, string>; problems: { field: string; message: string }[] };

export function readAuditQuery(params: Record<string, string | string[] | undefined>): AuditQuery {
  const values: Record<string, string> = {};
  const parsed: Record<string, unknown> = {};
  const problems: AuditQuery["problems"] = [];
  for (const [field, schema] of Object.entries(FIELDS)) {
    const raw = params[field];
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (!text) continue;
    values[field] = text.slice(0, 300);
    const result = schema.safeParse(text);
    if (result.success) parsed[field] = result.data;
    else problems.push({ field, message: result.error.issues[0]?.message ?? "is not valid" });
  }
  const { before, after, ...filter } = parsed as AuditPageFilter & AuditCursor;
  if (filter.from && filter.to && filter.from > filter.to) problems.push({ field: "to", message: "must not be before from" });
  return { filter, cursor: { before, after }, values, problems };
}

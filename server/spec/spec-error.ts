// A spec error as people read it: where (file, line, field path) and what is wrong, in words.
// The YAML parser, the tRPC input (data.issues) and the form all report errors in this shape.
import type { z } from "zod";
import { knownFieldsAt, suggestField } from "./known-fields";

export type SpecError = {
  source: string;
  document: number;
  line: number | null;
  column: number | null;
  path: string; // e.g. spec.metrics[0].target; "" for the document as a whole
  message: string;
};

export type IssuePath = readonly PropertyKey[];

type Where = { source?: string; document?: number };

// One SpecError per issue, except an unknown-keys issue, which becomes one error per key at the
// key's own path so that each can be pointed at. `input` is the object that was validated; it lets
// a message say what was found.
export function issuesToSpecErrors(issues: readonly z.core.$ZodIssue[], input?: unknown, where: Where = {}): SpecError[] {
  const errors: SpecError[] = [];
  for (const issue of issues) {
    for (const { path, message } of describeIssue(issue, input)) {
      errors.push({ source: where.source ?? "", document: where.document ?? 1, line: null, column: null, path: formatIssuePath(path), message });
    }
  }
  return errors;
}

// The issue at the path it points to, for callers that need the raw path (to find a YAML node).
export function describeIssue(issue: z.core.$ZodIssue, input?: unknown): { path: IssuePath; message: string }[] {
  const keys = (issue as { keys?: unknown }).keys;
  if (Array.isArray(keys) && keys.length > 0) {
    const known = knownFieldsAt(issue.path);
    return keys.map((key) => ({ path: [...issue.path, String(key)], message: unknownFieldMessage(String(key), known) }));
  }
  return [{ path: issue.path, message: humanMessage(issue, valueAt(input, issue.path)) }];
}

export function formatIssuePath(path: IssuePath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

// goal.yaml:12:7: spec.metrics[0].target: must be '<op> <number>' …
export function formatSpecError(error: SpecError): string {
  const where = [error.source || "<input>", error.line, error.line !== null ? error.column : null].filter((part) => part !== null).join(":");
  return error.path ? `${where}: ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}

function unknownFieldMessage(key: string, known: readonly string[] | null): string {
  if (!known) return "is not a known field";
  const suggestion = suggestField(key, known);
  return suggestion ? `is not a known field; did you mean '${suggestion}'?` : `is not a known field; expected one of: ${known.join(", ")}`;
}

// The schema's own messages are written for people already; zod's built-in ones ("Invalid input:
// expected string, received undefined") are rewritten to say what was expected and what was found.
const BUILT_IN_MESSAGE = /^(Invalid input|Invalid option|Too small|Too big|Invalid string|Invalid number|Invalid)/;

function humanMessage(issue: z.core.$ZodIssue, found: unknown): string {
  // A bad key in a map (labels, env): the path names the key; say the rule it breaks.
  if (issue.code === "invalid_key") {
    const rule = issue.issues.map((inner) => inner.message).find((message) => !BUILT_IN_MESSAGE.test(message));
    return `is not an allowed key${rule ? `: ${rule}` : ""}`;
  }
  if (!BUILT_IN_MESSAGE.test(issue.message)) return issue.message;
  const raw = issue as z.core.$ZodIssue & {
    expected?: string;
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    inclusive?: boolean;
    values?: unknown[];
  };
  if (raw.code === "invalid_type" || raw.expected) {
    const expected = describeExpected(raw.expected ?? "value");
    if (issue.path.length === 0) return `a Goal document must be a mapping with apiVersion, kind, metadata and spec; found ${describeValue(found)}`;
    if (found === undefined) return `is required (${expected})`;
    return `must be ${expected}, found ${describeValue(found)}`;
  }
  if (raw.code === "too_small" || raw.code === "too_big") {
    const small = raw.code === "too_small";
    const bound = Number(small ? raw.minimum : raw.maximum);
    const inclusive = raw.inclusive !== false;
    if (raw.origin === "string") {
      if (small && bound === 1) return "must not be empty";
      return `must be ${small ? "at least" : "at most"} ${bound} characters`;
    }
    if (raw.origin === "array") return `must hold ${small ? "at least" : "at most"} ${bound} item${bound === 1 ? "" : "s"}`;
    const relation = small ? (inclusive ? "at least" : "greater than") : inclusive ? "at most" : "less than";
    return `must be ${relation} ${bound}${found === undefined ? "" : `, found ${describeValue(found)}`}`;
  }
  if (raw.code === "invalid_value" && raw.values)
    return `must be one of: ${raw.values.map((value) => JSON.stringify(value)).join(", ")}; found ${describeValue(found)}`;
  return issue.message;
}

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "a whole number";
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    default:
      return expected;
  }
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(input: unknown, path: IssuePath): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (!Object.hasOwn(current, segment as PropertyKey)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment as PropertyKey];
  }
  return current;
}

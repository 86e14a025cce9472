// Reads named fields from JSON output. The document is the whole stdout, or else its last line
// that parses as JSON, so a tool may log before printing its result.
import type { ParseResult } from "./parse-result";
import { readJson } from "./read-json";

export function parseJson(stdout: string, fields: Record<string, string> | undefined): ParseResult {
  if (!fields || Object.keys(fields).length === 0) {
    return { found: false, reason: "parse 'json' needs 'fields': metric name -> dotted path, e.g. { lines: 'total.lines.pct' }" };
  }
  const document = readDocument(stdout);
  if (document === undefined)
    return { found: false, reason: "no JSON in the output: neither the whole stdout nor any line of it parses as a JSON object or array" };

  const metrics: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, path] of Object.entries(fields)) {
    const value = readPath(document, path);
    const number = toNumber(value);
    if (number !== null) metrics[name] = number;
    else
      problems.push(
        value === undefined
          ? `field '${path}' (for '${name}') is not in the JSON`
          : `field '${path}' (for '${name}') is ${describe(value)}, not a number or boolean`,
      );
  }
  if (Object.keys(metrics).length === 0) return { found: false, reason: problems.join("; ") };
  return { found: true, metrics, problems };
}

function readDocument(stdout: string): unknown {
  const whole = tryParse(stdout);
  if (whole !== undefined) return whole;
  const lines = stdout.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const parsed = tryParse(lines[index]);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

// Only an object or array counts: a log line that happens to read "3" or "true" is not the result.
function tryParse(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  return readJson(trimmed);
}

// "coverage.lines.pct" or "suites.0.passed": array indices are written as numbers.
function readPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(key)) return undefined;
      current = current[Number(key)];
    } else {
      if (!Object.hasOwn(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
  }
  return current;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

// A string or null as written; a whole object or array would copy the output into the note (and one nested a
// million deep overflows JSON.stringify's stack).
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" && value !== null ? "an object" : JSON.stringify(value);
}

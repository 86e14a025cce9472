// The reviewer's verdict is the last line of its output that is a valid verdict JSON; the line
// is checked with zod so a malformed one is reported with what was wrong, not guessed at.
import { z } from "zod";
import { readJson } from "./read-json";

export const VERDICT_FORMAT = '{"verdict":"approve"|"changes_requested","score":0..1,"comments":"…"}';

export const verdictSchema = z.object({
  verdict: z.enum(["approve", "changes_requested"]),
  score: z.number().min(0).max(1),
  comments: z.string(),
});

export type Verdict = z.infer<typeof verdictSchema>;

export type VerdictResult = { found: true; verdict: Verdict } | { found: false; reason: string };

export function parseVerdict(text: string): VerdictResult {
  let rejected: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = unwrapBackticks(lines[index].trim());
    if (!line.startsWith("{")) continue;
    const value = readJson(line);
    if (value === undefined) continue;
    const parsed = verdictSchema.safeParse(value);
    if (parsed.success) return { found: true, verdict: parsed.data };
    rejected ??= `the line ${line.length > 200 ? `${line.slice(0, 200)}…` : line} is not a valid verdict (${describeIssues(parsed.error)})`;
  }
  return { found: false, reason: rejected ?? "there is no JSON line in the reviewer's output" };
}

// Models like to wrap the line in backticks (`{…}` or ```json {…}```); the JSON inside is what counts.
// Without a regex: /\s*`+$/ took quadratic time over a long run of spaces in the reviewer's output.
function unwrapBackticks(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === "`") start += 1;
  if (start > 0 && line.startsWith("json", start)) start += 4;
  while (end > start && line[end - 1] === "`") end -= 1;
  return start === 0 && end === line.length ? line : line.slice(start, end).trim();
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "the line"}: ${issue.message}`).join("; ");
}

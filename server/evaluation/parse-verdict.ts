// The reviewer's verdict is the last line of its output that is a valid verdict JSON; the line
// is checked with zod so a malformed one is reported with what was wrong, not guessed at.
import { z } from "zod";

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
    // Models like to wrap the line in backticks; the JSON inside is what counts.
    const line = lines[index].trim().replace(/^`+(?:json)?\s*|\s*`+$/g, "");
    if (!line.startsWith("{")) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const parsed = verdictSchema.safeParse(value);
    if (parsed.success) return { found: true, verdict: parsed.data };
    rejected ??= `the line ${line.length > 200 ? `${line.slice(0, 200)}…` : line} is not a valid verdict (${describeIssues(parsed.error)})`;
  }
  return { found: false, reason: rejected ?? "there is no JSON line in the reviewer's output" };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "the line"}: ${issue.message}`).join("; ");
}

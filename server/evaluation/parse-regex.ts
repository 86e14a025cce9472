// A layer's own pattern picks numbers out of any output; the last match wins because tools print
// their final figures last. Lines are matched with the 'm' flag, so ^ and $ anchor at line ends.
// The match runs off the event loop, under a time limit (match-pattern.ts).
import { matchLast, PATTERN_TIME_LIMIT_MS } from "./match-pattern";
import type { ParseResult } from "./parse-result";

export async function parseRegex(stdout: string, pattern: string | undefined): Promise<ParseResult> {
  if (!pattern) return { found: false, reason: "parse 'regex' needs a 'pattern' with named groups, e.g. 'coverage: (?<pct>[\\d.]+)%'" };
  try {
    new RegExp(pattern, "gm");
  } catch (error) {
    return { found: false, reason: `the pattern is not a valid regular expression: ${(error as Error).message}` };
  }
  const last = await matchLast(stdout, pattern);
  if ("cutOff" in last) {
    return {
      found: false,
      cutOff: true,
      reason: `the pattern /${pattern}/ was still matching after ${PATTERN_TIME_LIMIT_MS / 1000} s and was stopped (nested repetition such as (a+)+ can take exponential time on some output)`,
    };
  }
  if ("failed" in last) return { found: false, reason: `the pattern /${pattern}/ could not be run over the output: ${last.failed}` };
  if (!last.matched) return { found: false, reason: `the pattern /${pattern}/ did not match the output` };
  const groups = last.groups ?? {};
  if (Object.keys(groups).length === 0) return { found: false, reason: `the pattern /${pattern}/ has no named groups, e.g. (?<pct>[\\d.]+)` };

  const metrics: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, text] of Object.entries(groups)) {
    const value = toNumber(text);
    if (value === null) problems.push(`group '${name}' matched ${text === undefined ? "nothing" : `'${text}'`}, which is not a number`);
    else metrics[name] = value;
  }
  if (Object.keys(metrics).length === 0) return { found: false, reason: problems.join("; ") };
  return { found: true, metrics, problems };
}

function toNumber(text: string | undefined): number | null {
  if (text === undefined || text.trim() === "") return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : null;
}

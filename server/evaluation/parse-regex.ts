// A layer's own pattern picks numbers out of any output; the last match wins because tools print
// their final figures last. Lines are matched with the 'm' flag, so ^ and $ anchor at line ends.
import type { ParseResult } from "./parse-result";

export function parseRegex(stdout: string, pattern: string | undefined): ParseResult {
  if (!pattern) return { found: false, reason: "parse 'regex' needs a 'pattern' with named groups, e.g. 'coverage: (?<pct>[\\d.]+)%'" };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "gm");
  } catch (error) {
    return { found: false, reason: `the pattern is not a valid regular expression: ${(error as Error).message}` };
  }
  let last: RegExpExecArray | null = null;
  for (const match of stdout.matchAll(regex)) last = match;
  if (!last) return { found: false, reason: `the pattern /${pattern}/ did not match the output` };
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

// Replaces a goal's secret values with *** in whatever Setpoint stores or shows. Shorter values than
// MIN_MASKED_LENGTH are left alone: masking "1" or "on" would blank every such character run in every log
// while protecting nothing that guessing would not find.
import { CUT_STATEMENT } from "../process/capped-buffer";

export const MASK = "***";
export const MIN_MASKED_LENGTH = 4;

export type Mask = (text: string) => string;

export const noMask: Mask = (text) => text;


export function secretMasker(values: Iterable<string>): Mask {
  const needles = [...new Set([...values].flatMap(forms))].filter((needle) => needle.length >= MIN_MASKED_LENGTH);
  if (needles.length === 0) return noMask;
  return (text) => maskText(text, needles);
}

// The raw value, and the forms a command most often prints it in: URL-encoded (a token in a query
// string or a URL's userinfo) and base64 (`echo -n $TOKEN | base64`, padded or not). Each line of a
// multi-line value (a PEM key) too, since a command may print only part of it.
function forms(value: string): string[] {
  if (value.length < MIN_MASKED_LENGTH) return [];
  const base64 = Buffer.from(value, "utf8").toString("base64");
  const lines = value.includes("\n") ? value.split(/\r?\n/).map((line) => line.trim()) : [];
  return [value, encodeURIComponent(value), base64, base64.replace(/=+$/, ""), ...lines];
}

function maskText(text: string, needles: string[]): string {
  // Every occurrence of every needle, overlapping ones included, merged into ranges: two secrets that
  // overlap, or one inside another, leave no piece of either behind.
  const ranges: [number, number][] = [];
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) ranges.push([at, at + needle.length]);
  }
  // A tail CappedBuffer cut may begin inside a secret.
  const cut = CUT_STATEMENT.exec(text);
  if (cut) {
    const head = cutSecretHead(text.slice(cut[0].length), needles);
    if (head > 0) ranges.push([cut[0].length, cut[0].length + head]);
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = text.slice(0, ranges[0][0]);
  let end = ranges[0][1];
  for (const [start, stop] of ranges) {
    if (start > end) {
      out += MASK + text.slice(end, start);
    }
    end = Math.max(end, stop);
  }
  return out + MASK + text.slice(end);
}

// A tail cut inside a secret starts with the secret's end: the longest such end (of at least
// MIN_MASKED_LENGTH characters) is masked too.
function cutSecretHead(tail: string, needles: string[]): number {
  const start = tail.slice(0, MIN_MASKED_LENGTH);
  if (start.length < MIN_MASKED_LENGTH) return 0;
  let longest = 0;
  for (const needle of needles) {
    // The first place (after the needle's start) where the tail could begin is the longest end.
    for (let at = needle.indexOf(start, 1); at !== -1; at = needle.indexOf(start, at + 1)) {
      if (tail.startsWith(needle.slice(at))) {
        longest = Math.max(longest, needle.length - at);
        break;
      }
    }
  }
  return longest;
}

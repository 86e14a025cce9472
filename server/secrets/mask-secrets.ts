// Replaces a goal's secret values with *** in whatever Setpoint stores or shows. Shorter values than
// MIN_MASKED_LENGTH are left alone: masking "1" or "on" would blank every such character run in every log
// while protecting nothing that guessing would not find. What no mask can catch is in docs/SECURITY.md.
import { CUT_STATEMENT } from "../process/capped-buffer";
import { secretForms } from "./secret-forms";

export const MASK = "***";
export const MIN_MASKED_LENGTH = 4;

export type Mask = (text: string) => string;

export const noMask: Mask = (text) => text;

export function secretMasker(values: Iterable<string>): Mask {
  const needles = [...new Set([...values].filter((value) => value.length >= MIN_MASKED_LENGTH).flatMap(secretForms))].filter(
    (needle) => needle.length >= MIN_MASKED_LENGTH,
  );
  if (needles.length === 0) return noMask;
  // Searched for in the text without line breaks, a multi-line value has none either.
  const joined = [...new Set(needles.map(withoutLineBreaks))].filter((needle) => needle.length >= MIN_MASKED_LENGTH);
  return (text) => maskText(text, needles, joined);
}

function withoutLineBreaks(text: string): string {
  return text.replace(/\r?\n|\r/g, "");
}

type Range = [start: number, end: number];

// Linear in the text for each needle: one indexOf pass, overlapping occurrences merged as they are found.
function maskText(text: string, needles: string[], joined: string[]): string {
  // Every occurrence of every needle, overlapping ones included, merged into ranges: two secrets that
  // overlap, or one inside another, leave no piece of either behind.
  const ranges: Range[] = [];
  for (const needle of needles) findAll(text, needle, ranges);
  // A value split by colour codes (ANSI escapes between its characters) or by line breaks (base64 wraps at 76
  // columns, xxd -p at 60) is found in the text without them.
  if (text.includes("\u001b") || text.includes("\n") || text.includes("\r")) {
    const plain = withoutBreaks(text);
    const found: Range[] = [];
    for (const needle of joined) findAll(plain.text, needle, found);
    for (const [start, end] of found) ranges.push([plain.original(start), plain.original(end - 1) + 1]);
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

function findAll(text: string, needle: string, ranges: Range[]): void {
  let current: Range | null = null;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (current && at <= current[1]) current[1] = at + needle.length;
    else {
      current = [at, at + needle.length];
      ranges.push(current);
    }
  }
}

// Terminal escapes (CSI: colours, cursor moves; OSC: titles, links; two-character ones) and line breaks.
const BREAK = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\r?\n|\r/g;

// The text with its escapes and line breaks taken out, and where each of its characters was in the original.
function withoutBreaks(text: string): { text: string; original: (index: number) => number } {
  const pieces: string[] = [];
  const starts: number[] = []; // for each kept piece: where it starts in the plain text, and in the original
  const origins: number[] = [];
  let plainLength = 0;
  let from = 0;
  for (const escaped of text.matchAll(BREAK)) {
    if (escaped.index > from) {
      starts.push(plainLength);
      origins.push(from);
      pieces.push(text.slice(from, escaped.index));
      plainLength += escaped.index - from;
    }
    from = escaped.index + escaped[0].length;
  }
  if (from < text.length) {
    starts.push(plainLength);
    origins.push(from);
    pieces.push(text.slice(from));
  }
  const original = (index: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return origins[low] + index - starts[low];
  };
  return { text: pieces.join(""), original };
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

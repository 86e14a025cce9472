// Reads JUnit XML without an XML library: the format needs only tags and a few attributes.
// <testcase> elements are counted when present (node's reporter puts top-level tests outside any
// <testsuite>); otherwise the outermost suites' tests/failures/errors attributes are summed.
import type { ParseResult } from "./parse-result";
import { testCounts } from "./test-counts";

type Tag = { name: string; closing: boolean; selfClosing: boolean; attributes: Record<string, string> };

export function parseJunit(stdout: string): ParseResult {
  const tags = readTags(stdout);
  if (!tags.some((tag) => tag.name === "testsuites" || tag.name === "testsuite" || tag.name === "testcase")) {
    return { found: false, reason: "no JUnit XML in the output: expected <testsuites>, <testsuite> or <testcase> elements" };
  }
  return countTestcases(tags) ?? sumSuiteAttributes(tags);
}

function countTestcases(tags: Tag[]): ParseResult | null {
  let passed = 0;
  let failed = 0;
  let inTestcase = false;
  let caseFailed = false;
  for (const tag of tags) {
    if (tag.name === "testcase") {
      if (tag.selfClosing) passed += 1;
      else if (!tag.closing) [inTestcase, caseFailed] = [true, false];
      else if (inTestcase) {
        if (caseFailed) failed += 1;
        else passed += 1;
        inTestcase = false;
      }
    } else if (inTestcase && !tag.closing && (tag.name === "failure" || tag.name === "error")) {
      caseFailed = true;
    }
  }
  return passed + failed === 0 ? null : testCounts(passed, failed);
}

function sumSuiteAttributes(tags: Tag[]): ParseResult {
  let total = 0;
  let failed = 0;
  // Depth of open suites below the outermost one that carried counts; nested suites repeat them.
  let countedDepth = 0;
  for (const tag of tags) {
    if (tag.name !== "testsuites" && tag.name !== "testsuite") continue;
    if (tag.closing) {
      if (countedDepth > 0) countedDepth -= 1;
      continue;
    }
    if (countedDepth > 0) {
      if (!tag.selfClosing) countedDepth += 1;
      continue;
    }
    const tests = count(tag.attributes.tests);
    if (tests === null) continue;
    total += tests;
    failed += (count(tag.attributes.failures) ?? 0) + (count(tag.attributes.errors) ?? 0);
    if (!tag.selfClosing) countedDepth = 1;
  }
  failed = Math.min(failed, total);
  return testCounts(total - failed, failed);
}

// Comments, CDATA, processing instructions and declarations may hold '<' that is not a tag: each is skipped to
// its end, and one that never ends is read as text. The scan is linear in the output, however hostile: it only
// moves forward, a search for a section's end is remembered, and a tag that turns out malformed is given up at
// the first '<' inside it (never valid in XML). A regex with lazy quantifiers took 100 s over "<!--" repeated.
const SECTIONS: [opener: string, closer: string][] = [
  ["<!--", "-->"],
  ["<![CDATA[", "]]>"],
  ["<?", "?>"],
  ["<!DOCTYPE", ">"],
];

function readTags(text: string): Tag[] {
  const tags: Tag[] = [];
  const nextCloser = closerFinder(text);
  for (let at = text.indexOf("<"); at !== -1; ) {
    const marker = text[at + 1];
    const section = marker === "!" || marker === "?" ? SECTIONS.find(([opener]) => text.startsWith(opener, at)) : undefined;
    const sectionEnd = section ? nextCloser(section[1], at + section[0].length) : -1;
    at = text.indexOf("<", sectionEnd !== -1 ? sectionEnd + section![1].length : readTag(text, at, tags));
  }
  return tags;
}

// The first place a closer occurs at or after `from`, each searched text read once: `from` only grows.
function closerFinder(text: string): (closer: string, from: number) => number {
  const found = new Map<string, number>();
  return (closer, from) => {
    const known = found.get(closer);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = text.indexOf(closer, from);
    found.set(closer, at);
    return at;
  };
}

const NAME = /[A-Za-z_][\w:.-]*/y;
const SPACE = /\s*/y;
const ATTRIBUTE_NAME = /[^\s=/<>]+/y;
const DOUBLE_QUOTED = /[^"<]*/y;
const SINGLE_QUOTED = /[^'<]*/y;

// Reads `<name attr="value" …>`, `</name>` or `<name … />` at `at` into `tags`, if it is one; returns where
// to look for the next '<'.
function readTag(text: string, at: number, tags: Tag[]): number {
  let i = at + 1;
  const closing = text[i] === "/";
  if (closing) i += 1;
  const name = sticky(NAME, text, i);
  if (name === null) return i;
  i += name.length;
  const attributes: Record<string, string> = Object.create(null);
  for (;;) {
    const space = sticky(SPACE, text, i)!.length;
    i += space;
    if (text[i] === "/" || text[i] === ">" || space === 0) break;
    const attribute = sticky(ATTRIBUTE_NAME, text, i);
    if (attribute === null) return i;
    i += attribute.length;
    i += sticky(SPACE, text, i)!.length;
    if (text[i] !== "=") return i;
    i += 1;
    i += sticky(SPACE, text, i)!.length;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return i;
    const value = sticky(quote === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED, text, i + 1)!;
    i += 1 + value.length;
    if (text[i] !== quote) return i;
    i += 1;
    attributes[attribute] = value;
  }
  const selfClosing = text[i] === "/";
  if (selfClosing) i += 1;
  if (text[i] !== ">") return i;
  tags.push({ name, closing, selfClosing, attributes });
  return i + 1;
}

function sticky(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? null;
}

function count(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

// Reads JUnit XML without an XML library: the format needs only tags and a few attributes.
// <testcase> elements are counted when present (node's reporter puts top-level tests outside any
// <testsuite>); otherwise the outermost suites' tests/failures/errors attributes are summed.
import type { ParseResult } from "./parse-result";
import { testCounts } from "./test-counts";

type Tag = { name: string; closing: boolean; selfClosing: boolean; attributes: Record<string, string> };

const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

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

function readTags(text: string): Tag[] {
  // Comments, CDATA and declarations may hold '<' that is not a tag.
  const cleaned = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g, "");
  const tags: Tag[] = [];
  for (const match of cleaned.matchAll(TAG)) {
    const attributes: Record<string, string> = {};
    for (const attribute of match[3].matchAll(ATTRIBUTE)) attributes[attribute[1]] = attribute[2] ?? attribute[3] ?? "";
    tags.push({ name: match[2], closing: match[1] === "/", selfClosing: match[4] === "/", attributes });
  }
  return tags;
}

function count(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  return Number(value);
}

// Reads TAP 13/14 (node --test nests subtests by indentation) and plain TAP from other tools.
// A summary ("# tests N", "# fail N") counts every nested test, so it wins over top-level test points.
import type { ParseResult } from "./parse-result";
import { testCounts } from "./test-counts";

const SUMMARY = /^#\s+(tests|pass|fail|cancelled|skipped|todo)\s+(\d+)\s*$/;
const TEST_POINT = /^(not ok|ok)\b(.*)$/;
const PLAN = /^1\.\.(\d+)\b/;
const BAIL_OUT = /^Bail out!\s*(.*)$/;
// The directive follows the first unescaped '#': "ok 3 - name # SKIP reason".
const PASSING_DIRECTIVE = /(?<!\\)#\s*(skip|todo)\b/i;

export function parseTap(stdout: string): ParseResult {
  // One summary per run; a command that runs two suites prints two, and both count.
  const summaries: Map<string, number>[] = [];
  let passedPoints = 0;
  let failedPoints = 0;
  let plan: number | null = null;
  const problems: string[] = [];

  for (const line of stdout.split(/\r?\n/)) {
    // Only unindented lines are top level: indented ones are subtests or YAML diagnostics.
    const summaryMatch = SUMMARY.exec(line);
    if (summaryMatch) {
      if (summaryMatch[1] === "tests" || summaries.length === 0) summaries.push(new Map());
      summaries[summaries.length - 1].set(summaryMatch[1], Number(summaryMatch[2]));
      continue;
    }
    const point = TEST_POINT.exec(line);
    if (point) {
      if (point[1] === "ok" || PASSING_DIRECTIVE.test(point[2])) passedPoints += 1;
      else failedPoints += 1;
      continue;
    }
    const planMatch = PLAN.exec(line);
    if (planMatch) {
      plan = Number(planMatch[1]);
      continue;
    }
    const bail = BAIL_OUT.exec(line);
    if (bail) problems.push(`the tests bailed out${bail[1] ? `: ${bail[1]}` : ""}`);
  }

  const counted = summaries.filter((summary) => summary.has("tests"));
  if (counted.length > 0) {
    let passed = 0;
    let failed = 0;
    for (const summary of counted) {
      const total = summary.get("tests")!;
      const failures = Math.min(total, (summary.get("fail") ?? 0) + (summary.get("cancelled") ?? 0));
      passed += total - failures;
      failed += failures;
    }
    return testCounts(passed, failed, problems);
  }

  const points = passedPoints + failedPoints;
  if (points === 0 && plan === null) {
    return { found: false, reason: "no TAP in the output: expected 'ok' / 'not ok' lines, a plan '1..N' or a '# tests N' summary" };
  }
  // A plan promising more tests than ran means the run died part way; the missing ones failed.
  if (plan !== null && plan > points) {
    problems.push(`the plan promised ${plan} tests but ${points} reported`);
    failedPoints += plan - points;
  }
  return testCounts(passedPoints, failedPoints, problems);
}

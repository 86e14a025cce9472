// TAP and JUnit both end in the same four numbers; an empty run is said, never reported as a pass.
import type { ParseResult } from "./parse-result";

export function testCounts(passed: number, failed: number, extraProblems: string[] = []): ParseResult {
  const total = passed + failed;
  return {
    found: true,
    metrics: { passed, failed, total, pass_ratio: total === 0 ? 0 : passed / total },
    problems: total === 0 ? ["no tests found", ...extraProblems] : extraProblems,
  };
}

// The simplest measure: a command that exits 0 is ok.
import type { ParseResult } from "./parse-result";

export function parseExitCode(exitCode: number | null): ParseResult {
  return { found: true, metrics: { ok: exitCode === 0 ? 1 : 0 }, problems: [] };
}

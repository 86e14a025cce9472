// `get executors`: how often each maker was caught gaming, of the agent iterations it ran.
import type { ExecutorGaming } from "../api-types";
import { formatTable } from "./format-table";

export function formatExecutorTable(rows: readonly ExecutorGaming[]): string {
  return formatTable(
    ["EXECUTOR", "MODEL", "GOALS", "ITERATIONS", "PROTECTED-PATHS", "HIDDEN-FAILED", "NO-CHANGE-CLAIMS"],
    rows.map((row) => [
      row.executor,
      row.model ?? "-",
      String(row.goals),
      String(row.iterations),
      count(row.protectViolations),
      count(row.hiddenFailed),
      count(row.claimedWithoutChange),
    ]),
  );
}

function count({ iterations, rate }: ExecutorGaming["hiddenFailed"]): string {
  return `${iterations} (${Math.round(rate * 1000) / 10}%)`;
}

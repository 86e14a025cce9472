// `get candidates NAME --iteration N`: a best-of-N iteration's candidates side by side, the kept one marked.
import type { CandidatesRead } from "../api-types";
import { formatDuration } from "./format-age";
import { formatMetrics, formatUsd } from "./format-metrics";
import { formatTable } from "./format-table";

export function formatCandidateTable(read: CandidatesRead): string {
  const metricNames = read.targets.map((target) => target.metric);
  return formatTable(
    ["CANDIDATE", "EXECUTOR", "PHASE", "TARGETS", "METRICS", "LINES", "COST", "DURATION", "WINNER", "WHY"],
    read.candidates.map((candidate) => [
      String(candidate.number),
      candidate.model ? `${candidate.executor}/${candidate.model}` : candidate.executor,
      candidate.phase,
      `${candidate.targetsMet}/${metricNames.length}`,
      formatMetrics(candidate.metrics, metricNames) || "-",
      String(candidate.changedLines),
      formatUsd(candidate.costUsd),
      formatDuration(candidate.durationMs),
      candidate.winner ? "yes" : "",
      candidate.verdict ?? "",
    ]),
  );
}

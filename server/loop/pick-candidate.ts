// Best of N: which candidate an iteration keeps, by the assessment that judges iterations (targets met, then
// summed distance), with protected-path and policy failures last; ties go to the smaller change, then the
// cheaper, then the lower number. Pure: the runner and the approval gate both ask it.
import type { GoalSpec } from "../spec/goal-spec";
import { score } from "./assess";
import { protectViolated } from "./protect-violated";
import type { IterationRecord, Metrics } from "./types";
import { walkHistory } from "./walk-history";

export type CandidateResult = {
  number: number;
  outcome: "Evaluated" | "AgentFailed";
  metrics: Metrics;
  policyOk: boolean;
  changedLines: number;
  costUsd: number;
};

export type CandidatePick = { winner: number | null; reasons: Record<number, string> };

// before: the history before this iteration (an interrupted try of its number is left out by the walk's caller).
export function pickCandidate(
  spec: GoalSpec,
  before: readonly IterationRecord[],
  iterationNumber: number,
  candidates: readonly CandidateResult[],
): CandidatePick {
  const walk = walkHistory(
    spec,
    before.filter((record) => record.number !== iterationNumber && record.outcome !== "Interrupted"),
  );
  const targets = walk.targets; // as they stand for this iteration: relative ones resolved from the baseline and best
  const ranked = candidates
    .filter((candidate) => candidate.outcome === "Evaluated")
    .map((candidate) => ({ candidate, honest: candidate.policyOk && !protectViolated(candidate), ...score(targets, candidate) }))
    .sort(
      (a, b) =>
        Number(b.honest) - Number(a.honest) ||
        b.met - a.met ||
        a.total - b.total ||
        a.candidate.changedLines - b.candidate.changedLines ||
        a.candidate.costUsd - b.candidate.costUsd ||
        a.candidate.number - b.candidate.number,
    );
  const reasons: Record<number, string> = {};
  for (const candidate of candidates) if (candidate.outcome !== "Evaluated") reasons[candidate.number] = "its agent failed; nothing was measured";
  const first = ranked[0];
  if (!first) return { winner: null, reasons };
  const metOf = (entry: (typeof ranked)[number]) => `${entry.met} of ${targets.length} targets met`;
  reasons[first.candidate.number] =
    ranked.length === 1
      ? `the only one measured (${metOf(first)})`
      : `best measured: ${metOf(first)}${first.honest ? "" : ", though it broke a policy layer or changed protected paths"}`;
  for (const entry of ranked.slice(1)) reasons[entry.candidate.number] = lostBecause(entry, first, metOf);
  return { winner: first.candidate.number, reasons };
}

type Ranked = { candidate: CandidateResult; honest: boolean; met: number; total: number };

function lostBecause(entry: Ranked, first: Ranked, metOf: (entry: Ranked) => string): string {
  const to = `candidate ${first.candidate.number}`;
  if (!entry.honest && first.honest) return `it broke a policy layer or changed protected paths; ${to} did not`;
  if (entry.met !== first.met) return `${metOf(entry)}, against ${first.met} for ${to}`;
  if (entry.total !== first.total) return `further from the targets than ${to} (${formatDistance(entry.total)} against ${formatDistance(first.total)})`;
  if (entry.candidate.changedLines !== first.candidate.changedLines)
    return `as close as ${to}, with a larger change (${entry.candidate.changedLines} lines against ${first.candidate.changedLines})`;
  if (entry.candidate.costUsd !== first.candidate.costUsd) return `as close and as small as ${to}, and cost more`;
  return `tied with ${to}, which came first`;
}

function formatDistance(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : "unmeasured";
}

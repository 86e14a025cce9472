// The reconcile step: what to do next, recomputed from the measured history alone. Pure: no I/O, no clock.
import type { GoalSpec } from "../spec/goal-spec";
import { budgetsUsed } from "./budgets-used";
import { describeGap, describeIteration, formatUsd, listNumbers } from "./stop-messages";
import type { Decision, History, IterationRecord } from "./types";
import { judgeHistory } from "./judge-history";
import { isBaseline } from "./walk-history";
import { candidateCount, escalatesOnStall } from "./candidate-count";

export { assessLatest, bestOf } from "./assess-latest"; // the same replay, for one iteration at a time

export const MAX_BACKOFF_MS = 300_000;
const FIRST_BASELINE: Decision = { kind: "RunBaseline", number: 0, fromCommit: null };

export function decide(spec: GoalSpec, history: History): Decision {
  const last = history.iterations.at(-1);
  if (!last) return FIRST_BASELINE;
  const next = decideFromMeasured(spec, history);
  return last.outcome === "Interrupted" ? redo(last, next) : next;
}

// An interrupted iteration measured nothing, so the history says what it did before it began: run it again
// under the same number from the same commit, unless meanwhile a budget ran out (its cost and the time count).
function redo(interrupted: IterationRecord, next: Decision): Decision {
  if (next.kind === "RunBaseline") return { kind: "RunBaseline", number: interrupted.number, fromCommit: interrupted.fromCommit }; // measured again on the same commit
  if (next.kind !== "RunIteration") return next;
  if (interrupted.fromCommit === null) return { ...next, number: interrupted.number };
  return { ...next, number: interrupted.number, fromIteration: interrupted.fromIteration ?? next.fromIteration, fromCommit: interrupted.fromCommit };
}

function decideFromMeasured(spec: GoalSpec, history: History): Decision {
  const live = history.iterations.filter((r) => r.outcome !== "Interrupted");
  if (live.length === 0) return FIRST_BASELINE;
  const judgement = judgeHistory(spec, live);
  const targets = judgement.targets;
  const windowStart = history.windowStart ?? 0;
  const inRun = (record: IterationRecord) => record.number >= windowStart;

  // Converged: the latest measured iteration meets every target, and a person approved it when the policy asks.
  const latestEvaluated = judgement.steps.findLast((s) => s.record.outcome === "Evaluated");
  if (latestEvaluated?.assessment.meetsTargets && latestEvaluated.record.approval !== "rejected") {
    const { number, approval, commit } = latestEvaluated.record;
    // A new run (a re-run, a webhook, a changed spec or secret) measures that commit again before it may
    // say Converged: the last run's measurements were of another spec, or another day. So does a spec
    // applied mid-run: the measurement, and any approval of it, judged the older generation.
    const stale = !inRun(latestEvaluated.record) || measuredUnderOlderSpec(latestEvaluated.record, history);
    if (stale && commit) return { kind: "RunBaseline", number: history.iterations.at(-1)!.number + 1, fromCommit: commit };
    if (spec.approval.policy === "never" || approval === "approved") return { kind: "Converged", iteration: number };
    return { kind: "AwaitApproval", iteration: number };
  }
  if (judgement.awaitingApproval) return { kind: "AwaitApproval", iteration: judgement.awaitingApproval.number };

  const start = judgement.start;
  if (!start?.commit) {
    return { kind: "Failed", reason: "NoBaseline", message: "the baseline (iteration 0) was not measured on a commit, so there is no iteration to start from" };
  }

  // Budgets, counted as the pages count them.
  const gap = describeGap(targets, judgement.best);
  const used = budgetsUsed(history.iterations, history);
  if (used.iterations >= spec.stop.maxIterations) {
    return { kind: "Exhausted", reason: "MaxIterations", message: `used ${used.iterations} of ${spec.stop.maxIterations} iterations ${gap}` };
  }
  if (spec.stop.maxCostUsd !== undefined && used.costUsd >= spec.stop.maxCostUsd) {
    return { kind: "Exhausted", reason: "MaxCost", message: `spent ${formatUsd(used.costUsd)} of the ${formatUsd(spec.stop.maxCostUsd)} budget ${gap}` };
  }
  if (used.elapsedMs >= spec.stop.maxDurationMinutes * 60_000) {
    return {
      kind: "Exhausted",
      reason: "MaxDuration",
      message: `ran ${Math.floor(used.elapsedMs / 60_000)} of ${spec.stop.maxDurationMinutes} minutes ${gap}`,
    };
  }

  // Stall: the last stallIterations measured agent iterations all failed to improve on the best so far.
  const measuredSteps = judgement.steps.filter((s) => !isBaseline(s.record) && s.record.outcome === "Evaluated" && inRun(s.record));
  const window = measuredSteps.slice(-spec.stop.stallIterations);
  const stalled = window.length === spec.stop.stallIterations && window.every((s) => !s.progressed);
  // strategy.when onStall: where the loop would stall, one iteration of N candidates first.
  const escalate = stalled && escalatesOnStall(spec, live.filter(inRun));
  if (stalled && !escalate) {
    const best = judgement.best ? describeIteration(targets, judgement.best) : "none";
    return {
      kind: "Stalled",
      message: `no target metric improved on the best so far for ${window.length} iterations in a row (iterations ${listNumbers(window.map((s) => s.record))}); best is ${best}`,
    };
  }

  // Agent failures at the tail: back off exponentially, then give up.
  const failures = trailingFailures(live.filter(inRun));
  if (failures.length > spec.retry.maxAgentFailures) {
    return {
      kind: "Failed",
      reason: "AgentFailing",
      message: `the agent failed ${failures.length} times in a row (iterations ${listNumbers(failures)}); retry.maxAgentFailures is ${spec.retry.maxAgentFailures}`,
    };
  }
  const lastFailure = failures.at(-1);
  if (lastFailure?.finishedAt != null) {
    const backoffMs = Math.min(spec.retry.backoffSeconds * 1000 * 2 ** (failures.length - 1), MAX_BACKOFF_MS);
    const delayMs = lastFailure.finishedAt + backoffMs - history.now;
    if (delayMs > 0) {
      return {
        kind: "RetryAfter",
        delayMs,
        reason: `the agent failed in iteration ${lastFailure.number} (${failures.length} ${failures.length === 1 ? "failure" : "failures"} in a row; up to ${spec.retry.maxAgentFailures} are retried)`,
      };
    }
  }

  const lastNumber = history.iterations.reduce((max, r) => Math.max(max, r.number), 0);
  const count = candidateCount(spec, live.filter(inRun), used.costUsd, escalate);
  return { kind: "RunIteration", number: lastNumber + 1, fromIteration: start.number, fromCommit: start.commit, ...count };
}

function measuredUnderOlderSpec(record: IterationRecord, history: History): boolean {
  return record.generation !== undefined && history.generation !== undefined && record.generation !== history.generation;
}

function trailingFailures(records: readonly IterationRecord[]): IterationRecord[] {
  let first = records.length;
  while (first > 0 && records[first - 1].outcome === "AgentFailed") first--;
  return records.slice(first);
}

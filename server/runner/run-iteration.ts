// Carries out one iteration: one try (server/runner/attempt.ts: worktree, setup, agent, commit, diff, layers),
// judged and recorded. The baseline (no agent) measures the starting point. With best of N, the try is N
// candidates run by any runner (run-candidates.ts), of which the judge's pick is recorded here the same way.
import type { AgentResult } from "../executors/types";
import { judgeIteration } from "../loop/judge-history";
import type { ProjectContext } from "../loop/project-context";
import type { IterationRecord } from "../loop/types";
import { fenced, holdLease } from "../queue/lease";
import { worktreePath } from "../workspace/worktree-path";
import { attempt, attemptCost, type Measured } from "./attempt";
import { liveOutputWriter } from "./live-output";
import { budgetWarnings, recordWarnings, warningWrites, type RecordedRow } from "./record-budget-warnings";
import { recordAgentFailed, recordEvaluated, recordInterrupted, recordPrompt, recordStarted, type CandidatesOutcome } from "./record-iteration";
import { recordCandidatesPlan, runCandidates } from "./run-candidates";
import { logFailure, type GoalStep } from "./runner-context";
import { candidateMaker } from "../spec/goal-spec";
import { markStep, traced, untraced } from "./step-trace";

export type { RunnerContext } from "./runner-context";

// prompt: the agent's prompt given the project knowledge gathered in the worktree (a baseline runs no agent).
// candidates: best of N (spec.strategy), 1 otherwise; note: why that many, when decide() said.
export type IterationPlan = {
  number: number;
  fromIteration: number | null;
  fromCommit: string;
  prompt: (context: ProjectContext | null) => string;
  candidates?: number;
  note?: string;
};

// What was measured and chose: one try's result, or the kept candidate's with what the others cost.
export type IterationResult =
  | { kind: "failed"; agent: AgentResult; costUsd: number }
  | { kind: "measured"; measured: Measured; costUsd: number; candidates?: CandidatesOutcome };

export function runIteration(step: GoalStep, plan: IterationPlan): Promise<void> {
  return traced({ goal: step.state.goal.name, number: plan.number, pid: process.pid }, () => runTimedIteration(step, plan));
}

async function runTimedIteration(step: GoalStep, plan: IterationPlan): Promise<void> {
  const { ctx, lease, signal, state, repoDir, publish } = step;
  const { spec, goal, mask } = state;
  const baseline = plan.fromIteration === null;
  const started = await recordStarted(
    ctx.db,
    lease,
    {
      ...plan,
      prompt: plan.prompt(null),
      generation: goal.generation,
      runnerId: ctx.runnerId,
      agent: baseline ? null : candidateMaker(spec, 1),
      candidates: plan.candidates ?? 1,
    },
    mask,
  );
  markStep("recordStarted");
  const iterationId = started.id;
  // Recording deletes the live rows, so every record below first waits for the writes under way.
  const live = liveOutputWriter(ctx.db, lease, iterationId, ctx.log, mask);
  try {
    let result: IterationResult;
    if ((plan.candidates ?? 1) > 1 && !baseline) {
      result = await untraced(() => runCandidates(step, { ...plan, fromIteration: plan.fromIteration!, candidates: plan.candidates!, iterationId }));
    } else {
      // A best-of-N iteration the cost budget cut down to one agent says so.
      if (!baseline && plan.note)
        await fenced(ctx.db, lease, (tx) => recordCandidatesPlan(tx, lease, ctx.runnerId, { ...plan, candidates: 1 }, [candidateMaker(spec, 1)]));
      const tried = await attempt(
        ctx,
        signal,
        state,
        repoDir,
        {
          number: plan.number,
          fromCommit: plan.fromCommit,
          baseline,
          agent: candidateMaker(spec, 1),
          prompt: plan.prompt,
          epoch: lease.epoch,
          dir: `${worktreePath(ctx.workDir, goal.name, plan.number)}-${lease.epoch}`,
          onPrompt: async (prompt, withContext) => {
            if (withContext) await recordPrompt(ctx.db, lease, iterationId, prompt, mask);
          },
        },
        live,
      );
      result = tried.kind === "failed" ? { ...tried, costUsd: tried.agent.costUsd } : { kind: "measured", measured: tried, costUsd: attemptCost(tried) };
    }
    await live.close();
    markStep("liveClose");
    if (result.kind === "failed") {
      await recordAgentFailed(ctx.db, lease, iterationId, plan.number, { ...result.agent, costUsd: result.costUsd }, mask);
      const recorded = { ...recordedRow(plan, started.startedAt, goal.generation), phase: "AgentFailed", costUsd: result.costUsd };
      await recordWarnings(ctx.db, lease, budgetWarnings(lease, state, recorded).events);
      return;
    }
    const { measured } = result;
    // Judged against the history before it by the loop's one judge: measured metrics only, never the agent's words.
    const record: IterationRecord = {
      number: plan.number,
      outcome: "Evaluated",
      fromIteration: plan.fromIteration,
      fromCommit: plan.fromCommit,
      commit: measured.commit,
      metrics: measured.evaluation.metrics,
      policyOk: measured.evaluation.policyOk,
      approval: null,
      approvalComment: null,
      costUsd: result.costUsd,
      finishedAt: Date.now(),
      candidates: plan.candidates ?? 1,
    };
    const verdict = judgeIteration(spec, state.history.iterations, record);
    // The branch (and the remote, with workspace.push) holds a kept commit before Postgres names it the goal's
    // accepted commit, so whoever resumes the goal, on this machine or another, finds it even if this runner
    // stops right after recording (killed, drained, paused, or out of budget). A runner that lost the goal
    // meanwhile must not move the branch under its successor: the lease is checked first.
    if (verdict.publish) {
      await holdLease(ctx.db, lease);
      await publish(measured.commit);
    }
    markStep("publish");
    const warnings = budgetWarnings(lease, state, {
      ...recordedRow(plan, started.startedAt, goal.generation),
      commit: measured.commit,
      metrics: record.metrics,
      policyOk: record.policyOk,
      costUsd: result.costUsd,
    });
    await recordEvaluated(
      ctx.db,
      lease,
      {
        iterationId,
        number: plan.number,
        commit: measured.commit,
        diff: measured.diff.text,
        changedFiles: measured.diff.changedFiles,
        agent: measured.agent,
        evaluation: measured.evaluation,
        verdict,
        evalMs: measured.evalMs,
        costUsd: result.costUsd,
        liveWritten: live.wrote,
        protectViolations: measured.protectViolations,
        measuredFiles: measured.measuredFiles,
        candidates: result.candidates,
      },
      mask,
      warningWrites(warnings),
    );
    markStep("recordEvaluated");
    // Written by the statement above unless someone is notified of them.
    await recordWarnings(ctx.db, lease, warnings.notified ? warnings.events : []);
  } catch (error) {
    if (!signal.aborted) throw error;
    // Cancelled or draining: say so while we still hold the lease (a lost lease writes nothing).
    const why = (signal.reason as Error | undefined)?.message ?? "aborted";
    await live.close();
    if (why !== "lease lost")
      await recordInterrupted(ctx.db, lease, iterationId, plan.number, why, mask).catch(logFailure(ctx, `record iteration ${plan.number} as interrupted`));
  } finally {
    await live.close();
  }
}

// The iteration just recorded as its row reads, for the budget forecast; the caller fills in what was measured.
function recordedRow(plan: IterationPlan, startedAt: Date, generation: number): RecordedRow {
  return {
    number: plan.number,
    phase: "Evaluated",
    fromIteration: plan.fromIteration,
    fromCommit: plan.fromCommit,
    commit: null,
    metrics: {},
    policyOk: true,
    approval: null,
    approvalComment: null,
    costUsd: 0,
    startedAt,
    finishedAt: new Date(),
    generation,
    candidates: plan.candidates ?? 1,
  };
}

// Best of N, any runner's side: one claimed candidate of an iteration, tried in a worktree of its own from the
// iteration's starting commit with its own maker (strategy.executors), measured by every layer, and recorded on
// its Candidate row. The goal's holder picks among them (run-candidates.ts).
import { Prisma } from "../generated/prisma/client";
import { candidateMaker } from "../spec/goal-spec";
import { CandidateLeaseLostError, fencedCandidate, releaseCandidate, renewCandidateLease, type CandidateLease } from "../queue/candidate-lease";
import { heartbeatMs } from "../queue/lease";
import { noMask, type Mask } from "../secrets/mask-secrets";
import { worktreePath } from "../workspace/worktree-path";
import { attempt, attemptCost, type AttemptResult } from "./attempt";
import { silentLive } from "./live-output";
import { loadGoalState, type GoalState } from "./load-goal-state";
import { buildPromptFor } from "./prompt-for";
import { layerRows, maskAgent } from "./record-iteration";
import { Repositories } from "./repositories";
import { logFailure, type RunnerContext } from "./runner-context";
import { isHiddenLayer } from "../evaluation/hidden-source";
import { sandboxProblem } from "../process/require-sandbox";
import { inSection } from "../queue/candidate-barrier";

// known: the holder's own state and repository, so its candidates read nothing again.
// "refused": given back, this runner cannot run it (its sandbox); "done": tried, or nothing left to do.
export async function runCandidate(
  ctx: RunnerContext,
  lease: CandidateLease,
  stop: AbortSignal,
  known?: { state: GoalState; repoDir: string },
): Promise<"done" | "refused"> {
  const lost = new AbortController();
  const signal = AbortSignal.any([stop, lost.signal]);
  const renewNow = () => {
    void renewCandidateLease(ctx.db, lease).then(
      (held) => {
        if (!held) lost.abort(new Error("the candidate's iteration stopped or its lease was lost"));
      },
      () => {},
    );
  };
  const renew = setInterval(renewNow, heartbeatMs());
  // A cancel of the goal reaches this candidate's agent at once, on whichever runner it runs.
  const unwatch = ctx.watchRequests?.(lease.goalId, renewNow) ?? (() => {});
  let mask: Mask = noMask;
  try {
    const iteration = await ctx.db.iteration.findUnique({
      where: { id: lease.iterationId },
      select: { number: true, fromIteration: true, fromCommit: true, candidates: true, phase: true },
    });
    if (iteration?.phase !== "Running" || iteration.fromCommit === null || iteration.fromIteration === null) return "done";
    const state = known?.state ?? (await loadGoalState(ctx.db, lease.goalId));
    const { spec, goal } = state;
    mask = state.mask;
    // Not the holder: a runner that cannot give the goal's sandbox leaves the candidate to one that can.
    const problem = known ? null : await sandboxProblem(spec, ctx.runnerId, (await ctx.agentUsers?.forGoal(goal.id)) ?? null);
    if (problem) {
      await releaseCandidate(ctx.db, lease);
      ctx.log(`left candidate ${lease.number} of ${lease.goalName} to another runner: ${problem}`);
      return "refused";
    }
    const row = await ctx.db.candidate.findUnique({ where: { id: lease.candidateId }, select: { generation: true } });
    if (row && row.generation !== goal.generation) {
      return await recordNotTried(
        ctx,
        lease,
        `the goal's spec changed (generation ${row.generation} to ${goal.generation}) before this candidate ran; the loop measures again under the new spec`,
      );
    }
    // With hidden checks, no agent of this iteration runs while a sibling's worktree holds them.
    const barrier = spec.evaluation.layers.some(isHiddenLayer)
      ? {
          aroundAgent: <T>(run: () => Promise<T>) => inSection(ctx.db, lease, "agent", signal, run),
          aroundHidden: <T>(run: () => Promise<T>) => inSection(ctx.db, lease, "hidden", signal, run),
        }
      : {};
    const agent = candidateMaker(spec, lease.number);
    const plan = {
      kind: "RunIteration" as const,
      number: iteration.number,
      fromIteration: iteration.fromIteration,
      fromCommit: iteration.fromCommit,
      candidates: iteration.candidates,
    };
    const prompt = await buildPromptFor(ctx.db, state, plan);
    const repoDir = known?.repoDir ?? (await new Repositories(ctx.workDir).get(spec.workspace, iteration.fromCommit));
    let asked = "";
    // No live view for a candidate: its output is kept on its row once it ends.
    const result = await attempt(
      ctx,
      signal,
      state,
      repoDir,
      {
        number: iteration.number,
        fromCommit: iteration.fromCommit,
        baseline: false,
        agent,
        prompt,
        epoch: lease.epoch,
        dir: `${worktreePath(ctx.workDir, goal.name, iteration.number)}-c${lease.number}-${lease.epoch}`,
        ...barrier,
        env: { SETPOINT_CANDIDATE: String(lease.number) },
        onPrompt: async (text) => {
          asked = text;
        },
      },
      silentLive(ctx.log),
    );
    await recordCandidate(ctx, lease, result, asked, state.mask);
  } catch (error) {
    if (error instanceof CandidateLeaseLostError) ctx.log(error.message);
    else if (!signal.aborted) await recordNotTried(ctx, lease, `the runner failed to try it: ${mask((error as Error).message)}`);
    // Draining, cancelled or refused at renewal (the goal cancelled or deleted): let go of the row, which stays
    // "Running" under a live lease otherwise. The release is fenced: a lease another runner took is left alone.
    else await releaseCandidate(ctx.db, lease).catch(logFailure(ctx, `give back candidate ${lease.number} of ${lease.goalName}`));
  } finally {
    clearInterval(renew);
    unwatch();
  }
  return "done";
}

async function recordCandidate(ctx: RunnerContext, lease: CandidateLease, result: AttemptResult, prompt: string, mask: Mask): Promise<void> {
  const agent = result.agent && maskAgent(result.agent, mask);
  const common = {
    prompt: mask(prompt),
    costUsd: attemptCost(result),
    tokensIn: agent?.tokensIn ?? 0,
    tokensOut: agent?.tokensOut ?? 0,
    agentMs: agent?.durationMs ?? 0,
    agentOutput: agent?.output ?? "",
    agentExitCode: agent?.exitCode ?? null,
    transcript: (agent?.transcript as Prisma.InputJsonValue | undefined) ?? Prisma.DbNull,
    // leaseOwner stays: who tried it.
    finishedAt: new Date(),
    leaseExpiresAt: null,
  };
  const data: Prisma.CandidateUpdateInput =
    result.kind === "failed"
      ? { ...common, phase: "AgentFailed", agentError: agent?.error ?? "the agent failed" }
      : {
          ...common,
          phase: "Evaluated",
          commit: result.commit,
          metrics: result.evaluation.metrics,
          policyOk: result.evaluation.policyOk,
          diff: mask(result.diff.text),
          changedFiles: result.diff.changedFiles,
          changedLines: result.diff.changedLines,
          evalMs: result.evalMs,
          layers: layerRows(lease.iterationId, result.evaluation, mask).map(({ iterationId: _, ...layer }) => ({
            ...layer,
            costUsd: result.evaluation.layers[layer.position!]?.costUsd ?? null,
          })) as Prisma.InputJsonValue,
          protectViolations: result.protectViolations as Prisma.InputJsonValue,
          measuredFiles: result.measuredFiles as Prisma.InputJsonValue,
        };
  await fencedCandidate(ctx.db, lease, (tx) => tx.candidate.update({ where: { id: lease.candidateId }, data }));
}

// A candidate that could not be tried (a runner error, a spec changed meanwhile) fails, said in words, so its
// holder can go on.
async function recordNotTried(ctx: RunnerContext, lease: CandidateLease, message: string): Promise<"done"> {
  ctx.log(`candidate ${lease.number} of ${lease.goalName}: ${message}`);
  await fencedCandidate(ctx.db, lease, (tx) =>
    tx.candidate.update({
      where: { id: lease.candidateId },
      data: { phase: "AgentFailed", agentError: message, finishedAt: new Date(), leaseExpiresAt: null, agentRunning: false, hiddenRunning: false },
    }),
  ).catch(logFailure(ctx, `record candidate ${lease.number} of ${lease.goalName}`));
  return "done";
}

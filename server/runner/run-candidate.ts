// Best of N, any runner's side: one claimed candidate of an iteration, tried in a worktree of its own from the
// iteration's starting commit with its own maker (strategy.executors), measured by every layer, and recorded on
// its Candidate row. The goal's holder picks among them (run-candidates.ts).
import { Prisma } from "../generated/prisma/client";
import { candidateAgentSpec } from "../spec/goal-spec";
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

// known: the holder's own state and repository, so its candidates read nothing again.
export async function runCandidate(ctx: RunnerContext, lease: CandidateLease, stop: AbortSignal, known?: { state: GoalState; repoDir: string }): Promise<void> {
  const lost = new AbortController();
  const signal = AbortSignal.any([stop, lost.signal]);
  const renew = setInterval(() => {
    void renewCandidateLease(ctx.db, lease).then(
      (held) => {
        if (!held) lost.abort(new Error("the candidate's iteration stopped or its lease was lost"));
      },
      () => {},
    );
  }, heartbeatMs());
  let mask: Mask = noMask;
  try {
    const iteration = await ctx.db.iteration.findUnique({
      where: { id: lease.iterationId },
      select: { number: true, fromIteration: true, fromCommit: true, candidates: true, phase: true },
    });
    if (iteration?.phase !== "Running" || iteration.fromCommit === null || iteration.fromIteration === null) return;
    const state = known?.state ?? (await loadGoalState(ctx.db, lease.goalId));
    const { spec, goal } = state;
    mask = state.mask;
    const entries = spec.strategy.executors;
    const agent = candidateAgentSpec(spec.agent, entries.length ? entries[(lease.number - 1) % entries.length] : undefined);
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
        env: { SETPOINT_CANDIDATE: String(lease.number) },
        onPrompt: async (text) => {
          asked = text;
        },
      },
      silentLive(ctx.log),
    );
    await recordCandidate(ctx, lease, result, asked, state.mask);
  } catch (error) {
    if (error instanceof CandidateLeaseLostError) return ctx.log(error.message);
    if (!signal.aborted) return recordBroken(ctx, lease, mask((error as Error).message));
    // Draining or cancelled: back to the queue for whoever redoes it (a lost lease is another's already).
    if (!lost.signal.aborted) await releaseCandidate(ctx.db, lease).catch(logFailure(ctx, `give back candidate ${lease.number} of ${lease.goalName}`));
  } finally {
    clearInterval(renew);
  }
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

// A runner error (a git command failing, say) fails this candidate, said in words, so its holder can go on.
async function recordBroken(ctx: RunnerContext, lease: CandidateLease, message: string): Promise<void> {
  ctx.log(`candidate ${lease.number} of ${lease.goalName}: ${message}`);
  await fencedCandidate(ctx.db, lease, (tx) =>
    tx.candidate.update({
      where: { id: lease.candidateId },
      data: { phase: "AgentFailed", agentError: `the runner failed to try it: ${message}`, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
    }),
  ).catch(logFailure(ctx, `record candidate ${lease.number} of ${lease.goalName}`));
}

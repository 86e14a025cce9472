// Best of N, the goal holder's side: queue the iteration's candidates for every runner, work on them too, wait
// for the rest, then keep the best by the loop's own measure (server/loop/pick-candidate.ts). Its commit, metrics
// and layers become the iteration's; every candidate's cost counts; the others stay on their rows.
import type { Candidate, Prisma } from "../generated/prisma/client";
import { notifyQueue, recordEvent } from "../events/record-event";
import type { AgentResult } from "../executors/types";
import type { ProtectViolation } from "../evaluation/protect-paths";
import type { LayerOutcome, MeasuredFile } from "../evaluation/types";
import { pickCandidate } from "../loop/pick-candidate";
import type { ProjectContext } from "../loop/project-context";
import { claimCandidate } from "../queue/candidate-lease";
import { fenced, type Lease } from "../queue/lease";
import { type AgentSpec, candidateMaker } from "../spec/goal-spec";
import { isGitUrl } from "../workspace/is-git-url";
import type { Measured } from "./attempt";
import type { GoalState } from "./load-goal-state";
import { runCandidate } from "./run-candidate";
import type { IterationResult } from "./run-iteration";
import type { GoalStep, RunnerContext } from "./runner-context";
import { sleepUnlessAborted } from "../time/sleep-unless-aborted";
import { saidUnderLease } from "./said-under-lease";

export type CandidatesPlan = {
  iterationId: string;
  number: number;
  fromIteration: number;
  fromCommit: string;
  candidates: number;
  note?: string;
  prompt: (context: ProjectContext | null) => string;
};

// How often the holder looks whether the other runners' candidates are done (a read of N small rows).
const WAIT_MS = 250;

export async function runCandidates({ ctx, lease, signal, state, repoDir }: GoalStep, plan: CandidatesPlan): Promise<IterationResult> {
  await queueCandidates(ctx, lease, state, plan);
  for (;;) {
    if (signal.aborted) throw signal.reason;
    const mine = await claimCandidate(ctx.db, ctx.runnerId, ctx.workDir, plan.iterationId);
    if (mine) {
      await runCandidate(ctx, mine, signal, { state, repoDir });
      continue;
    }
    const rows = await ctx.db.candidate.findMany({ where: { iterationId: plan.iterationId }, select: { phase: true } });
    if (rows.every((row) => row.phase === "Evaluated" || row.phase === "AgentFailed")) break;
    await sleepUnlessAborted(WAIT_MS, signal);
  }
  return pick(ctx, state, plan);
}

// One row per candidate. A redone iteration (its runner died) keeps the candidates that finished from the same
// commit with the same maker and queues the rest again; one running under a live lease goes on.
async function queueCandidates(ctx: RunnerContext, lease: Lease, state: GoalState, plan: CandidatesPlan): Promise<void> {
  const { spec } = state;
  // A clone's commits are in this work folder only (even with workspace.push, a candidate's commit is never pushed):
  // its candidates run where the holder's clone is. A local repository is used in place, so any runner may.
  const workDir = isGitUrl(spec.workspace.repo) ? ctx.workDir : null;
  const makers = Array.from({ length: plan.candidates }, (_, index) => candidateMaker(spec, index + 1));
  await fenced(ctx.db, lease, async (tx) => {
    const existing = await tx.candidate.findMany({ where: { iterationId: plan.iterationId } });
    await tx.candidate.deleteMany({ where: { iterationId: plan.iterationId, number: { gt: plan.candidates } } });
    for (const [index, maker] of makers.entries()) {
      const number = index + 1;
      const row = existing.find((each) => each.number === number);
      const fresh = {
        phase: "Queued",
        executor: maker.executor,
        model: maker.model ?? null,
        fromCommit: plan.fromCommit,
        workDir,
        generation: state.goal.generation,
        ...CLEARED,
      };
      if (!row) await tx.candidate.create({ data: { ...fresh, iterationId: plan.iterationId, goalId: lease.goalId, number } });
      // One that was running under a lease now expired died with its runner: counted, like an iteration's. Only as
      // read: a runner that took it over since (claimCandidate, a new lease epoch) counted that death itself.
      else if (!stillGood(row, fresh)) {
        const interrupted = row.phase === "Running" ? { interruptions: { increment: 1 } } : {};
        const { count } = await tx.candidate.updateMany({ where: { id: row.id, leaseEpoch: row.leaseEpoch }, data: { ...fresh, ...interrupted } });
        if (count === 0) await tx.candidate.update({ where: { id: row.id }, data: fresh });
      }
    }
    await recordCandidatesPlan(tx, lease, ctx.runnerId, plan, makers);
    // Idle slots of every runner claim them.
    await notifyQueue(tx);
  });
}

// What an iteration of a best-of-N goal runs, said as an event: how many candidates, whose, and why not N (the cost
// budget's cut, an onStall escalation). An iteration cut down to one agent says so too.
export async function recordCandidatesPlan(
  tx: Prisma.TransactionClient,
  lease: Lease,
  runnerId: string,
  plan: { number: number; candidates: number; note?: string },
  makers: AgentSpec[],
): Promise<void> {
  const executors = [...new Set(makers.map((maker) => (maker.model ? `${maker.executor} (${maker.model})` : maker.executor)))].join(", ");
  const count = plan.candidates === 1 ? "1 candidate" : `${plan.candidates} candidates`;
  const message = `iteration ${plan.number} runs ${count} (${executors})${plan.note ? `: ${plan.note}` : ""}`;
  // Said already under this lease: a retry after a lost COMMIT reply, or the same plan again after an interruption.
  if (await saidUnderLease(tx, lease, ["CandidatesQueued"], message)) return;
  await recordEvent(tx, {
    goalId: lease.goalId,
    goalName: lease.goalName,
    type: "CandidatesQueued",
    reason: plan.note ? "BestOfNAdjusted" : "BestOfN",
    message,
    actor: runnerId,
    data: { iteration: plan.number, candidates: plan.candidates, epoch: lease.epoch },
  });
}

const CLEARED = {
  commit: null,
  prompt: "",
  metrics: {},
  policyOk: true,
  diff: "",
  changedFiles: 0,
  changedLines: 0,
  costUsd: 0,
  tokensIn: 0,
  tokensOut: 0,
  agentMs: 0,
  evalMs: 0,
  agentOutput: "",
  agentExitCode: null,
  agentError: null,
  layers: [],
  protectViolations: [],
  measuredFiles: [],
  winner: false,
  verdict: null,
  leaseOwner: null,
  leaseExpiresAt: null,
  startedAt: null,
  finishedAt: null,
  agentRunning: false,
  hiddenRunning: false,
} satisfies Prisma.CandidateUpdateInput;

function stillGood(row: Candidate, fresh: { executor: string; model: string | null; fromCommit: string; workDir: string | null; generation: number }): boolean {
  // A commit pinned to another work folder (a clone this holder does not share) could not be built on here, and a
  // measurement under another spec generation judged another spec.
  const same =
    row.executor === fresh.executor &&
    row.model === fresh.model &&
    row.fromCommit === fresh.fromCommit &&
    row.workDir === fresh.workDir &&
    row.generation === fresh.generation;
  const live = row.phase === "Running" && row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > Date.now();
  return same && (row.phase === "Evaluated" || row.phase === "AgentFailed" || live);
}

async function pick(ctx: RunnerContext, state: GoalState, plan: CandidatesPlan): Promise<IterationResult> {
  const rows = await ctx.db.candidate.findMany({ where: { iterationId: plan.iterationId }, orderBy: { number: "asc" } });
  const costUsd = rows.reduce((sum, row) => sum + row.costUsd, 0);
  const results = rows.map((row) => ({
    number: row.number,
    outcome: row.phase === "Evaluated" ? ("Evaluated" as const) : ("AgentFailed" as const),
    metrics: row.metrics as Record<string, number>,
    policyOk: row.policyOk,
    changedLines: row.changedLines,
    costUsd: row.costUsd,
  }));
  const chosen = pickCandidate(state.spec, state.history.iterations, plan.number, results);
  const winner = rows.find((row) => row.number === chosen.winner);
  if (!winner?.commit) {
    const failures = rows.map((row) => `candidate ${row.number} (${row.executor}): ${row.agentError ?? "failed"}`).join("; ");
    await ctx.db.candidate.updateMany({
      where: { iterationId: plan.iterationId },
      data: { verdict: chosen.reasons[1] ?? "its agent failed; nothing was measured" },
    });
    return { kind: "failed", agent: { ...agentOf(rows[0]), ok: false, error: `every candidate failed: ${failures}` }, costUsd };
  }
  const measured: Measured = {
    kind: "measured",
    commit: winner.commit,
    diff: { text: winner.diff, changedFiles: winner.changedFiles, changedLines: winner.changedLines },
    agent: agentOf(winner),
    evaluation: { metrics: winner.metrics as Record<string, number>, policyOk: winner.policyOk, layers: winner.layers as unknown as LayerOutcome[] },
    evalMs: winner.evalMs,
    protectViolations: winner.protectViolations as unknown as ProtectViolation[],
    measuredFiles: winner.measuredFiles as unknown as MeasuredFile[],
  };
  return {
    kind: "measured",
    measured,
    costUsd,
    candidates: { winner: winner.number, executor: winner.executor, model: winner.model, prompt: winner.prompt, verdicts: chosen.reasons },
  };
}

// The candidate's agent as its row keeps it (already masked).
function agentOf(row: Candidate): AgentResult {
  return {
    ok: row.phase === "Evaluated",
    exitCode: row.agentExitCode,
    timedOut: false,
    error: row.agentError,
    output: row.agentOutput,
    finalText: "",
    costUsd: row.costUsd,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    durationMs: row.agentMs,
    ...(row.transcript ? { transcript: row.transcript as unknown as AgentResult["transcript"] } : {}),
  };
}

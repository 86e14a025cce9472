// Carries out one iteration: worktree, setup, agent, commit, diff, layers, record. The baseline
// (no agent) measures the starting point.
import fs from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { evaluateLayers } from "../evaluation/evaluate-layers";
import { runAgent } from "../executors/run-agent";
import type { AgentResult } from "../executors/types";
import { walkHistory } from "../loop/walk-history";
import type { IterationRecord } from "../loop/types";
import { sandboxFor } from "../process/require-sandbox";
import { runProcess } from "../process/run-process";
import { fenced, type Lease } from "../queue/lease";
import { commitAll } from "../workspace/commit-all";
import { createWorktree } from "../workspace/create-worktree";
import { diffBetween } from "../workspace/diff-between";
import { findEscapingSymlinks } from "../workspace/find-escaping-symlinks";
import { removeWorktree } from "../workspace/remove-worktree";
import { undoChangesSince, worktreeStatus } from "../workspace/undo-changes";
import { worktreeChanges } from "../workspace/worktree-changes";
import { worktreePath } from "../workspace/worktree-path";
import { agentEnvironment } from "./agent-environment";
import { liveOutputWriter } from "./live-output";
import type { GoalState } from "./load-goal-state";
import { recordAgentFailed, recordEvaluated, recordInterrupted, recordStarted } from "./record-iteration";

export const DIFF_LIMIT_BYTES = 256 * 1024;
export const SETUP_TIMEOUT_MS = 15 * 60_000;

export type IterationPlan = { number: number; fromIteration: number | null; fromCommit: string; prompt: string };
export type RunnerContext = { db: PrismaClient; runnerId: string; workDir: string; log: (line: string) => void };

// publish: moves the goal's branch (and the remote's, with workspace.push) to a kept commit.
export async function runIteration(ctx: RunnerContext, lease: Lease, signal: AbortSignal, state: GoalState, repoDir: string, plan: IterationPlan, publish: (commit: string) => Promise<void>): Promise<void> {
  const { spec, goal, mask } = state;
  const baseline = plan.fromIteration === null;
  const iterationId = await recordStarted(ctx.db, lease, { ...plan, generation: goal.generation, runnerId: ctx.runnerId }, mask);
  // Per lease epoch: an agent orphaned by a killed runner must not write into its successor's worktree.
  const dir = `${worktreePath(ctx.workDir, goal.name, plan.number)}-${lease.epoch}`;
  const env = agentEnvironment(spec.env.pass, state.secrets);
  // Setup, agent and layers alike run code the agent may have written (setup runs the repository's scripts).
  const sandbox = sandboxFor(spec, dir);
  // Recording deletes the live rows, so every record below first waits for the writes under way.
  const live = liveOutputWriter(ctx.db, lease, iterationId, ctx.log, mask);
  try {
    await removeOrphanedWorktrees(repoDir, dir, lease.epoch);
    await createWorktree(repoDir, dir, plan.fromCommit);
    if (spec.workspace.setup) {
      const setup = await runProcess({ command: spec.workspace.setup, cwd: dir, env, timeoutMs: SETUP_TIMEOUT_MS, signal, sandbox });
      if (signal.aborted) throw signal.reason;
      if (setup.exitCode !== 0) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, setupFailure(setup.output, setup.exitCode, setup.durationMs), mask);
        return;
      }
    }

    let agent: AgentResult | null = null;
    let commit = plan.fromCommit;
    if (!baseline) {
      live.start("agent");
      agent = await runAgent(spec.agent, { cwd: dir, prompt: plan.prompt, goal: goal.name, iteration: plan.number, env, signal, sandbox, onOutput: (chunk) => live.append("agent", chunk) });
      live.end("agent");
      if (signal.aborted) throw signal.reason;
      if (!agent.ok) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, agent, mask);
        return;
      }
      // A link out of the worktree would let layers and later iterations read or write beyond it.
      const changes = await worktreeChanges(dir, plan.fromCommit);
      const escaping = await findEscapingSymlinks(dir, changes.paths);
      if (escaping.length > 0) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, { ...agent, ok: false, error: `the agent left symlinks pointing outside the worktree (${escaping.join(", ")}); the change is refused` }, mask);
        return;
      }
      ({ commit } = await commitAll(dir, `setpoint: ${goal.name} iteration ${plan.number}`, plan.fromCommit, changes));
    }

    const diff = baseline ? { files: [], diff: "", truncated: false } : await diffBetween(repoDir, plan.fromCommit, commit, DIFF_LIMIT_BYTES);
    const started = Date.now();
    let layer: string | null = null;
    const evaluation = await evaluateLayers(spec, {
      cwd: dir, env, changes: diff.files, diff: diff.diff, goal: goal.name, iteration: plan.number, baseline, signal, runAgent, sandbox,
      onLayerStart: (name) => {
        if (layer) live.end(layer);
        layer = name;
        // A policy layer prints nothing (it reads the diff): no empty box for it.
        if (!spec.evaluation.layers.some((each) => each.name === name && "policy" in each)) live.start(name);
      },
      onOutput: (name, chunk) => live.append(name, chunk),
      guardWorktree: async () => {
        const before = await worktreeStatus(dir);
        return () => undoChangesSince(dir, before);
      },
    });
    const evalMs = Date.now() - started;
    const reviewCost = evaluation.layers.reduce((sum, layer) => sum + (layer.costUsd ?? 0), 0);

    // Judge the iteration against the history before it: measured metrics only, never the agent's words.
    const previous = state.history.iterations.filter((record) => record.number !== plan.number);
    const candidate: IterationRecord = {
      number: plan.number, outcome: "Evaluated", fromIteration: plan.fromIteration, fromCommit: plan.fromCommit, commit,
      metrics: evaluation.metrics, policyOk: evaluation.policyOk, approval: null, approvalComment: null,
      costUsd: (agent?.costUsd ?? 0) + reviewCost, finishedAt: Date.now(),
    };
    // One replay of the history gives the same acceptance and best iteration that decide() will see.
    const walk = walkHistory(spec, [...previous, candidate]);
    const step = walk.steps[walk.steps.length - 1];
    const awaitsApproval = !baseline && spec.approval.policy === "every-iteration";
    // The branch (and the remote, with workspace.push) holds a kept commit before Postgres names it the goal's
    // accepted commit, so whoever resumes the goal, on this machine or another, finds it even if this runner
    // stops right after recording (killed, drained, paused, or out of budget). A runner that lost the goal
    // meanwhile must not move the branch under its successor: the empty fenced write checks the lease first.
    if (step.accepted && !awaitsApproval && commit !== plan.fromCommit) {
      await fenced(ctx.db, lease, async () => {});
      await publish(commit);
    }
    await live.close();
    await recordEvaluated(ctx.db, lease, {
      iterationId, number: plan.number, commit, diff: diff.diff, changedFiles: diff.files.length, agent, evaluation,
      regression: step.assessment.regression, accepted: step.accepted, bestIteration: walk.best?.number ?? null, evalMs, costUsd: candidate.costUsd,
      awaitsApproval, liveWritten: live.wrote,
    }, mask);
  } catch (error) {
    if (!signal.aborted) throw error;
    // Cancelled or draining: say so while we still hold the lease (a lost lease writes nothing).
    const why = (signal.reason as Error | undefined)?.message ?? "aborted";
    await live.close();
    if (why !== "lease lost") await recordInterrupted(ctx.db, lease, iterationId, plan.number, why, mask).catch(() => {});
  } finally {
    await live.close();
    await removeWorktree(repoDir, dir).catch((error) => ctx.log(`could not remove worktree ${dir}: ${(error as Error).message}`));
  }
}

// Worktrees of this iteration (or resync) left by runners that died under an older lease epoch.
export async function removeOrphanedWorktrees(repoDir: string, dir: string, epoch: number): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = path.basename(dir).replace(/-\d+$/, "-");
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const name of entries) {
    const older = name.startsWith(prefix) && Number(name.slice(prefix.length)) < epoch;
    if (older) await removeWorktree(repoDir, path.join(parent, name));
  }
}

function setupFailure(output: string, exitCode: number | null, durationMs: number): AgentResult {
  return {
    ok: false, exitCode, timedOut: exitCode === null, error: `workspace setup failed (exit ${exitCode ?? "timeout"})`,
    output, finalText: "", costUsd: 0, tokensIn: 0, tokensOut: 0, durationMs,
  };
}

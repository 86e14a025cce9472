// Carries out one iteration: worktree, setup, agent, commit, diff, layers, record. The baseline
// (no agent) measures the starting point.
import fs from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "../generated/prisma/client";
import { evaluateLayers } from "../evaluation/evaluate-layers";
import { changesToCommit, recordHarness, restoreHarness, snapshotHarness } from "../evaluation/guard-harness";
import { isHiddenLayer } from "../evaluation/hidden-source";
import { runAgent } from "../executors/run-agent";
import type { AgentResult } from "../executors/types";
import { judgeIteration } from "../loop/judge-history";
import type { ProjectContext } from "../loop/project-context";
import type { IterationRecord } from "../loop/types";
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
import { giveBackRestored } from "./give-worktree";
import { prepareGoalCommands } from "./goal-commands";
import type { GoalUsers } from "./goal-user";
import { liveOutputWriter } from "./live-output";
import type { GoalState } from "./load-goal-state";
import { gatherContext } from "./gather-context";
import { recordAgentFailed, recordEvaluated, recordInterrupted, recordPrompt, recordStarted } from "./record-iteration";

export const DIFF_LIMIT_BYTES = 256 * 1024;
export const SETUP_TIMEOUT_MS = 15 * 60_000;

// prompt: the agent's prompt given the project knowledge gathered in the worktree (a baseline runs no agent).
export type IterationPlan = { number: number; fromIteration: number | null; fromCommit: string; prompt: (context: ProjectContext | null) => string };
// agentUsers: whom each goal's commands run as (a root runner's unprivileged users); null: the runner itself.
export type RunnerContext = { db: PrismaClient; runnerId: string; workDir: string; log: (line: string) => void; agentUsers: GoalUsers | null };

// publish: moves the goal's branch (and the remote's, with workspace.push) to a kept commit.
export async function runIteration(ctx: RunnerContext, lease: Lease, signal: AbortSignal, state: GoalState, repoDir: string, plan: IterationPlan, publish: (commit: string) => Promise<void>): Promise<void> {
  const { spec, goal, mask } = state;
  const baseline = plan.fromIteration === null;
  const iterationId = await recordStarted(ctx.db, lease, { ...plan, prompt: plan.prompt(null), generation: goal.generation, runnerId: ctx.runnerId, agent: baseline ? null : spec.agent }, mask);
  // Per lease epoch: an agent orphaned by a killed runner must not write into its successor's worktree.
  const dir = `${worktreePath(ctx.workDir, goal.name, plan.number)}-${lease.epoch}`;
  // Recording deletes the live rows, so every record below first waits for the writes under way.
  const live = liveOutputWriter(ctx.db, lease, iterationId, ctx.log, mask);
  try {
    const agentUser = ctx.agentUsers?.forGoal(goal.id) ?? null;
    await removeOrphanedWorktrees(repoDir, dir, lease.epoch);
    const worktree = await createWorktree(repoDir, dir, plan.fromCommit);
    // Setup, agent and layers alike run code the agent may have written (setup runs the repository's scripts).
    const { env, sandbox, user } = await prepareGoalCommands(ctx.workDir, agentUser, state, dir);
    if (spec.workspace.setup) {
      const setup = await runProcess({ command: spec.workspace.setup, cwd: dir, env, timeoutMs: SETUP_TIMEOUT_MS, signal, sandbox, user });
      if (signal.aborted) throw signal.reason;
      if (setup.exitCode !== 0) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, setupFailure(setup.output, setup.exitCode, setup.durationMs), mask);
        return;
      }
    }

    // evaluation.protect and hidden checks' targets: put back before the measurement, the agent's changes there recorded.
    const harness = await snapshotHarness(worktree, spec, goal.baseCommit ?? plan.fromCommit, !baseline);
    const restoreAfter = async (agentFrom: string | null) => {
      const restored = await restoreHarness(harness, agentFrom);
      if (restored.restored.length > 0 && agentUser) await giveBackRestored(dir, restored.restored, agentUser);
      return restored;
    };
    let restored = baseline ? await restoreAfter(null) : null;
    let agent: AgentResult | null = null;
    let commit = plan.fromCommit;
    if (!baseline) {
      const context = await gatherContext(spec, repoDir, plan.fromCommit, dir, { env, sandbox, user }, signal, mask);
      if (signal.aborted) throw signal.reason;
      const prompt = plan.prompt(context);
      if (context) await recordPrompt(ctx.db, lease, iterationId, prompt, mask);
      live.start("agent");
      agent = await runAgent(spec.agent, { cwd: dir, prompt, goal: goal.name, iteration: plan.number, env, signal, sandbox, user, onOutput: (chunk) => live.append("agent", chunk) });
      live.end("agent");
      if (signal.aborted) throw signal.reason;
      if (!agent.ok) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, agent, mask);
        return;
      }
      // A link out of the worktree would let layers and later iterations read or write beyond it.
      const changes = await worktreeChanges(worktree, plan.fromCommit);
      const escaping = await findEscapingSymlinks(dir, changes.paths);
      if (escaping.length > 0) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, { ...agent, ok: false, error: `the agent left symlinks pointing outside the worktree (${escaping.join(", ")}); the change is refused` }, mask);
        return;
      }
      restored = await restoreAfter(plan.fromCommit);
      const committed = await commitAll(worktree, `setpoint: ${goal.name} iteration ${plan.number}`, plan.fromCommit, await changesToCommit(harness, worktree, plan.fromCommit, restored, changes));
      if (committed.refused !== undefined) {
        await live.close();
        await recordAgentFailed(ctx.db, lease, iterationId, plan.number, { ...agent, ok: false, error: committed.refused }, mask);
        return;
      }
      commit = committed.commit;
    }

    const diff = baseline ? { files: [], diff: "", truncated: false } : await diffBetween(repoDir, plan.fromCommit, commit, DIFF_LIMIT_BYTES);
    const started = Date.now();
    let layer: string | null = null;
    const evaluated = await evaluateLayers(spec, {
      cwd: dir, env, changes: diff.files, diff: diff.diff, goal: goal.name, iteration: plan.number, baseline, signal, runAgent, sandbox, user,
      onLayerStart: (name) => {
        if (layer) live.end(layer);
        layer = name;
        // A policy layer prints nothing (it reads the diff): no empty box for it.
        // Nor for hidden checks: their output is never shown or kept (it can quote them).
        if (!spec.evaluation.layers.some((each) => each.name === name && ("policy" in each || isHiddenLayer(each)))) live.start(name);
      },
      onOutput: (name, chunk) => live.append(name, chunk),
      handOver: agentUser ? (paths) => giveBackRestored(dir, paths, agentUser) : undefined,
      guardWorktree: async () => {
        const before = await worktreeStatus(worktree);
        return async () => {
          const undone = await undoChangesSince(worktree, before);
          // What git put back is root's: the agent user's again, for the layers after the reviewer.
          if (undone.length > 0 && agentUser) await giveBackRestored(dir, undone, agentUser);
          return undone;
        };
      },
    });
    const evalMs = Date.now() - started;
    const { evaluation, protectViolations, measuredFiles } = recordHarness(harness, evaluated, restored!);
    const reviewCost = evaluation.layers.reduce((sum, layer) => sum + (layer.costUsd ?? 0), 0);

    // Judged against the history before it by the loop's one judge: measured metrics only, never the agent's words.
    const candidate: IterationRecord = {
      number: plan.number, outcome: "Evaluated", fromIteration: plan.fromIteration, fromCommit: plan.fromCommit, commit,
      metrics: evaluation.metrics, policyOk: evaluation.policyOk, approval: null, approvalComment: null,
      costUsd: (agent?.costUsd ?? 0) + reviewCost, finishedAt: Date.now(),
    };
    const verdict = judgeIteration(spec, state.history.iterations, candidate);
    // The branch (and the remote, with workspace.push) holds a kept commit before Postgres names it the goal's
    // accepted commit, so whoever resumes the goal, on this machine or another, finds it even if this runner
    // stops right after recording (killed, drained, paused, or out of budget). A runner that lost the goal
    // meanwhile must not move the branch under its successor: the empty fenced write checks the lease first.
    if (verdict.publish) {
      await fenced(ctx.db, lease, async () => {});
      await publish(commit);
    }
    await live.close();
    await recordEvaluated(ctx.db, lease, {
      iterationId, number: plan.number, commit, diff: diff.diff, changedFiles: diff.files.length, agent, evaluation,
      verdict, evalMs, costUsd: candidate.costUsd, liveWritten: live.wrote, protectViolations, measuredFiles,
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

// One try at the goal in a worktree of its own: setup, project knowledge, prompt, agent, the honest harness,
// commit, diff and every layer. Shared by an iteration (one agent, or none for a baseline) and each candidate of
// best of N, which record what it returns each in their own place. Throws when the signal aborts.
import { evaluateLayers } from "../evaluation/evaluate-layers";
import { changesToCommit, recordHarness, restoreHarness, snapshotHarness } from "../evaluation/guard-harness";
import { isHiddenLayer } from "../evaluation/hidden-source";
import type { ProtectViolation } from "../evaluation/protect-paths";
import type { EvaluationResult, MeasuredFile } from "../evaluation/types";
import { runAgent } from "../executors/run-agent";
import type { AgentResult } from "../executors/types";
import type { ProjectContext } from "../loop/project-context";
import { runProcess } from "../process/run-process";
import type { AgentSpec } from "../spec/goal-spec";
import { commitAll } from "../workspace/commit-all";
import { createWorktree } from "../workspace/create-worktree";
import { diffBetween } from "../workspace/diff-between";
import { findEscapingSymlinks } from "../workspace/find-escaping-symlinks";
import { removeWorktree } from "../workspace/remove-worktree";
import { undoChangesSince, worktreeStatus } from "../workspace/undo-changes";
import { worktreeChanges } from "../workspace/worktree-changes";
import { gatherContext } from "./gather-context";
import { giveBackRestored } from "./give-worktree";
import { prepareGoalCommands } from "./goal-commands";
import type { LiveOutputWriter } from "./live-output";
import type { GoalState } from "./load-goal-state";
import { removeOrphanedWorktrees } from "../workspace/remove-orphaned-worktrees";
import type { RunnerContext } from "./runner-context";
import { markStep } from "./step-trace";

export const DIFF_LIMIT_BYTES = 256 * 1024;
export const SETUP_TIMEOUT_MS = 15 * 60_000;

export type AttemptPlan = {
  number: number; // the iteration's
  fromCommit: string;
  baseline: boolean; // measure fromCommit, run no agent
  dir: string; // the worktree, per lease epoch: an agent orphaned by a killed runner must not write into its successor's
  epoch: number;
  agent: AgentSpec;
  prompt: (context: ProjectContext | null) => string;
  env?: Record<string, string>; // added to every command's environment (SETPOINT_CANDIDATE)
  onPrompt?: (prompt: string, withContext: boolean) => Promise<void>;
  // Best of N with hidden checks: the agent, and each layer with hidden checks, run inside these (candidate-barrier.ts).
  aroundAgent?: <T>(run: () => Promise<T>) => Promise<T>;
  aroundHidden?: <T>(run: () => Promise<T>) => Promise<T>;
};

export type Measured = {
  kind: "measured";
  commit: string;
  diff: { text: string; changedFiles: number; changedLines: number };
  agent: AgentResult | null;
  evaluation: EvaluationResult;
  evalMs: number;
  protectViolations: ProtectViolation[];
  measuredFiles: MeasuredFile[];
};
export type AttemptResult = { kind: "failed"; agent: AgentResult } | Measured;

export async function attempt(
  ctx: RunnerContext,
  signal: AbortSignal,
  state: GoalState,
  repoDir: string,
  plan: AttemptPlan,
  live: LiveOutputWriter,
): Promise<AttemptResult> {
  const { spec, goal } = state;
  const { dir, baseline } = plan;
  const agentUser = (await ctx.agentUsers?.forGoal(goal.id)) ?? null;
  markStep("agentUser");
  await removeOrphanedWorktrees(repoDir, dir, plan.epoch);
  markStep("orphans");
  try {
    const worktree = await createWorktree(repoDir, dir, plan.fromCommit);
    markStep("worktree");
    // Setup, agent and layers alike run code the agent may have written (setup runs the repository's scripts).
    const commands = await prepareGoalCommands(ctx.workDir, agentUser, state, dir);
    const { sandbox, user } = commands;
    const env = { ...commands.env, ...plan.env };
    markStep("commands");
    if (spec.workspace.setup) {
      const setup = await runProcess({ command: spec.workspace.setup, cwd: dir, env, timeoutMs: SETUP_TIMEOUT_MS, signal, sandbox, user });
      if (signal.aborted) throw signal.reason;
      if (setup.exitCode !== 0) return { kind: "failed", agent: setupFailure(setup.output, setup.exitCode, setup.durationMs) };
      markStep("setup");
    }

    // evaluation.protect and hidden checks' targets: put back before the measurement, the agent's changes there recorded.
    const harness = await snapshotHarness(worktree, spec, goal.baseCommit ?? plan.fromCommit, !baseline);
    const restoreAfter = async (agentFrom: string | null) => {
      const restored = await restoreHarness(harness, agentFrom);
      if (restored.restored.length > 0 && agentUser) await giveBackRestored(dir, restored.restored, agentUser);
      return restored;
    };
    let restored = baseline ? await restoreAfter(null) : null;
    markStep("harness");
    let agent: AgentResult | null = null;
    let commit = plan.fromCommit;
    if (!baseline) {
      const context = await gatherContext(spec, repoDir, plan.fromCommit, dir, { env, sandbox, user }, signal, state.mask);
      if (signal.aborted) throw signal.reason;
      markStep("context");
      const prompt = plan.prompt(context);
      await plan.onPrompt?.(prompt, context !== null);
      markStep("prompt");
      live.start("agent");
      const request = {
        cwd: dir,
        prompt,
        goal: goal.name,
        iteration: plan.number,
        env,
        signal,
        sandbox,
        user,
        onOutput: (chunk: string) => live.append("agent", chunk),
      };
      const run = () => runAgent(plan.agent, request);
      agent = await (plan.aroundAgent ? plan.aroundAgent(run) : run());
      live.end("agent");
      markStep("agent");
      if (signal.aborted) throw signal.reason;
      if (!agent.ok) return { kind: "failed", agent };
      // A link out of the worktree would let layers and later iterations read or write beyond it.
      const changes = await worktreeChanges(worktree, plan.fromCommit);
      const escaping = await findEscapingSymlinks(dir, changes.paths);
      markStep("changes");
      if (escaping.length > 0) {
        return {
          kind: "failed",
          agent: { ...agent, ok: false, error: `the agent left symlinks pointing outside the worktree (${escaping.join(", ")}); the change is refused` },
        };
      }
      restored = await restoreAfter(plan.fromCommit);
      markStep("restore");
      const committed = await commitAll(
        worktree,
        `setpoint: ${goal.name} iteration ${plan.number}`,
        plan.fromCommit,
        await changesToCommit(harness, worktree, plan.fromCommit, restored, changes),
      );
      if (committed.refused !== undefined) return { kind: "failed", agent: { ...agent, ok: false, error: committed.refused } };
      commit = committed.commit;
      markStep("commit");
    }

    const diff = baseline ? { files: [], diff: "", truncated: false } : await diffBetween(repoDir, plan.fromCommit, commit, DIFF_LIMIT_BYTES);
    markStep("diff");
    const started = Date.now();
    let layer: string | null = null;
    const evaluated = await evaluateLayers(spec, {
      cwd: dir,
      env,
      changes: diff.files,
      diff: diff.diff,
      goal: goal.name,
      iteration: plan.number,
      baseline,
      signal,
      runAgent,
      sandbox,
      user,
      onLayerStart: (name) => {
        if (layer) live.end(layer);
        layer = name;
        // A policy layer prints nothing (it reads the diff): no empty box for it.
        // Nor for hidden checks: their output is never shown or kept (it can quote them).
        if (!spec.evaluation.layers.some((each) => each.name === name && ("policy" in each || isHiddenLayer(each)))) live.start(name);
      },
      onOutput: (name, chunk) => live.append(name, chunk),
      handOver: agentUser ? (paths) => giveBackRestored(dir, paths, agentUser) : undefined,
      aroundHidden: plan.aroundHidden,
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
    markStep("layers");
    const { evaluation, protectViolations, measuredFiles } = recordHarness(harness, evaluated, restored!);
    const changedLines = diff.files.reduce((sum, file) => sum + file.added + file.deleted, 0);
    return {
      kind: "measured",
      commit,
      diff: { text: diff.diff, changedFiles: diff.files.length, changedLines },
      agent,
      evaluation,
      evalMs,
      protectViolations: protectViolations ?? [],
      measuredFiles: measuredFiles ?? [],
    };
  } finally {
    await removeWorktree(repoDir, dir).catch((error) => ctx.log(`could not remove worktree ${dir}: ${(error as Error).message}`));
    markStep("removeWorktree");
  }
}

// The maker's cost and the reviewers' together.
export function attemptCost(result: AttemptResult): number {
  if (result.kind === "failed") return result.agent.costUsd;
  return (result.agent?.costUsd ?? 0) + result.evaluation.layers.reduce((sum, layer) => sum + (layer.costUsd ?? 0), 0);
}

function setupFailure(output: string, exitCode: number | null, durationMs: number): AgentResult {
  return {
    ok: false,
    exitCode,
    timedOut: exitCode === null,
    error: `workspace setup failed (exit ${exitCode ?? "timeout"})`,
    output,
    finalText: "",
    costUsd: 0,
    tokensIn: 0,
    tokensOut: 0,
    durationMs,
  };
}

// Measures one iteration: every layer of the spec, in order, merged into one set of metrics.
// The baseline (iteration 0) has no change, so there is nothing for a reviewer to review.
import type { RunAgent } from "../executors/types";
import type { Sandbox } from "../process/bwrap-args";
import type { RunAs } from "../process/spawn-child";
import type { GoalSpec, Layer } from "../spec/goal-spec";
import { layerKind } from "../spec/layer-kind";
import { throwIfAborted } from "./abort-error";
import { evaluatePolicy } from "./evaluate-policy";
import { markHiddenFailed, runHiddenLayer, type HiddenContext } from "./hidden-checks";
import { isHiddenLayer } from "./hidden-source";
import { runChecker } from "./run-checker";
import { runLayer } from "./run-layer";
import type { ChangedFile, EvaluationResult, LayerOutcome } from "./types";

export type EvaluateLayersContext = {
  cwd: string; // the iteration's worktree
  env: NodeJS.ProcessEnv;
  changes: ChangedFile[];
  diff: string;
  goal: string;
  iteration: number;
  baseline: boolean;
  signal?: AbortSignal; // aborting stops the evaluation with an AbortError, never a partial result
  runAgent: RunAgent;
  sandbox?: Sandbox; // run and reviewer layers run in it
  user?: RunAs; // and as this user (a root runner's agent user)
  onLayerStart?: (name: string) => void;
  onOutput?: (layer: string, chunk: string) => void;
  // Reviewers judge the change; they must not alter what later layers measure. Given, it snapshots the
  // worktree before a reviewer and undoes what it changed, returning the changed paths.
  guardWorktree?: () => Promise<() => Promise<string[]>>;
  handOver?: HiddenContext["handOver"]; // hidden checks copied in: a root runner gives them to the agent user
  // Runs a layer with hidden checks (best of N: while no sibling candidate's agent runs).
  aroundHidden?: <T>(run: () => Promise<T>) => Promise<T>;
};

export async function evaluateLayers(spec: GoalSpec, ctx: EvaluateLayersContext): Promise<EvaluationResult> {
  const layers: LayerOutcome[] = [];
  for (const layer of spec.evaluation.layers) {
    throwIfAborted(ctx.signal);
    ctx.onLayerStart?.(layer.name);
    layers.push(await evaluateLayer(spec, layer, ctx));
  }
  throwIfAborted(ctx.signal);
  return {
    metrics: Object.assign({}, ...layers.map((outcome) => outcome.metrics)) as Record<string, number>,
    layers: markHiddenFailed(spec, layers),
    policyOk: layers.every((outcome) => outcome.kind !== "policy" || outcome.ok),
  };
}

async function evaluateLayer(spec: GoalSpec, layer: Layer, ctx: EvaluateLayersContext): Promise<LayerOutcome> {
  const onOutput = ctx.onOutput && ((chunk: string) => ctx.onOutput!(layer.name, chunk));
  if (isHiddenLayer(layer)) {
    const run = () => runHiddenLayer(layer, { cwd: ctx.cwd, env: ctx.env, signal: ctx.signal, sandbox: ctx.sandbox, user: ctx.user, handOver: ctx.handOver });
    return ctx.aroundHidden ? ctx.aroundHidden(run) : run();
  }
  if ("run" in layer) return runLayer(layer, { cwd: ctx.cwd, env: ctx.env, signal: ctx.signal, onOutput, sandbox: ctx.sandbox, user: ctx.user });
  if ("policy" in layer) return evaluatePolicy(layer, ctx.baseline ? [] : ctx.changes);
  if (ctx.baseline) {
    return {
      name: layer.name,
      kind: layerKind(layer),
      ok: true,
      metrics: {},
      log: "skipped on the baseline: there is no change to review",
      exitCode: null,
      durationMs: 0,
      comments: null,
    };
  }
  const undo = await ctx.guardWorktree?.();
  const outcome = await runChecker(layer, {
    cwd: ctx.cwd,
    env: ctx.env,
    intent: spec.intent,
    diff: ctx.diff,
    goal: ctx.goal,
    iteration: ctx.iteration,
    signal: ctx.signal,
    runAgent: ctx.runAgent,
    onOutput,
    sandbox: ctx.sandbox,
    user: ctx.user,
  });
  const changed = (await undo?.()) ?? [];
  if (changed.length === 0) return outcome;
  return { ...outcome, log: `${outcome.log}\n[setpoint] the reviewer changed ${changed.join(", ")}; undone, so later layers measure the agent's commit` };
}

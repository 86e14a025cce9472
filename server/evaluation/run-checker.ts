// An agent layer: a different executor than the maker reviews the diff against the intent, and
// its verdict line becomes <layer>.approved and <layer>.score.
import type { AgentLayer } from "../spec/goal-spec";
import type { AgentResult, RunAgent } from "../executors/types";
import type { Sandbox } from "../process/bwrap-args";
import type { RunAs } from "../process/spawn-child";
import { AbortError, throwIfAborted } from "./abort-error";
import { layerLog } from "./layer-log";
import { parseVerdict, VERDICT_FORMAT } from "./parse-verdict";
import { buildReviewerPrompt } from "./reviewer-prompt";
import type { LayerOutcome } from "./types";

export type RunCheckerContext = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  intent: string;
  diff: string;
  goal: string;
  iteration: number;
  signal?: AbortSignal;
  runAgent: RunAgent;
  onOutput?: (chunk: string) => void;
  sandbox?: Sandbox;
  user?: RunAs;
};

export async function runChecker(layer: AgentLayer, ctx: RunCheckerContext): Promise<LayerOutcome> {
  throwIfAborted(ctx.signal);
  const started = performance.now();
  const rejected = (reason: string, result: AgentResult | null): LayerOutcome => ({
    name: layer.name,
    kind: "agent",
    ok: false,
    metrics: { [`${layer.name}.approved`]: 0, [`${layer.name}.score`]: 0 },
    log: layerLog(result?.output ?? "", [`not approved: ${reason}`]),
    exitCode: result?.exitCode ?? null,
    durationMs: result?.durationMs ?? Math.round(performance.now() - started),
    comments: null,
    costUsd: result?.costUsd ?? 0,
  });

  let result: AgentResult;
  try {
    result = await ctx.runAgent(layer.agent, {
      cwd: ctx.cwd,
      prompt: buildReviewerPrompt(ctx.intent, ctx.diff),
      goal: ctx.goal,
      iteration: ctx.iteration,
      env: ctx.env,
      signal: ctx.signal,
      onOutput: ctx.onOutput,
      sandbox: ctx.sandbox,
      user: ctx.user,
    });
  } catch (error) {
    if (ctx.signal?.aborted) throw new AbortError(`layer '${layer.name}' was interrupted`);
    return rejected(`the reviewer (${layer.agent.executor}) could not be run: ${(error as Error).message}`, null);
  }
  if (ctx.signal?.aborted) throw new AbortError(`layer '${layer.name}' was interrupted`);

  if (!result.ok) {
    const why = result.timedOut
      ? `timed out after ${layer.agent.timeoutSeconds}s`
      : (result.error ?? `exited with code ${result.exitCode ?? "none (killed by a signal)"}`);
    return rejected(`the reviewer (${layer.agent.executor}) failed: ${why}`, result);
  }

  let parsed = parseVerdict(result.finalText);
  if (!parsed.found) {
    const fromOutput = parseVerdict(result.output);
    if (fromOutput.found || result.finalText.trim() === "") parsed = fromOutput;
  }
  if (!parsed.found) {
    return rejected(`expected the reviewer's output to end with a JSON line ${VERDICT_FORMAT}, but ${parsed.reason}`, result);
  }

  const { verdict } = parsed;
  const approved = verdict.verdict === "approve";
  return {
    name: layer.name,
    kind: "agent",
    ok: approved,
    metrics: { [`${layer.name}.approved`]: approved ? 1 : 0, [`${layer.name}.score`]: verdict.score },
    log: layerLog(result.output, [`verdict: ${verdict.verdict}, score ${verdict.score}${verdict.comments ? `: ${verdict.comments}` : ""}`]),
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    comments: verdict.comments || null,
    costUsd: result.costUsd,
  };
}

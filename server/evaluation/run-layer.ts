// A run layer: the command runs in the worktree, its stdout is parsed into metrics, and the log
// keeps what it printed plus what Setpoint concluded from it.
import type { RunLayer } from "../spec/goal-spec";
import type { Sandbox } from "../process/bwrap-args";
import type { RunAs } from "../process/spawn-child";
import { runProcess, type RunResult } from "../process/run-process";
import { AbortError, throwIfAborted } from "./abort-error";
import { layerLog } from "./layer-log";
import { PARSE_CATALOG } from "./parse-catalog";
import { parseExitCode } from "./parse-exit-code";
import { parseJson } from "./parse-json";
import { parseJunit } from "./parse-junit";
import { parseRegex } from "./parse-regex";
import type { ParseResult } from "./parse-result";
import { parseTap } from "./parse-tap";
import type { LayerOutcome } from "./types";

export type RunLayerContext = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
  sandbox?: Sandbox;
  user?: RunAs;
};

export async function runLayer(layer: RunLayer, ctx: RunLayerContext): Promise<LayerOutcome> {
  throwIfAborted(ctx.signal);
  let result: RunResult;
  try {
    result = await runProcess({
      command: layer.run,
      cwd: ctx.cwd,
      env: ctx.env,
      timeoutMs: layer.timeoutSeconds * 1000,
      signal: ctx.signal,
      onOutput: ctx.onOutput,
      sandbox: ctx.sandbox,
      user: ctx.user,
    });
  } catch (error) {
    return {
      name: layer.name,
      kind: "run",
      ok: false,
      metrics: { [`${layer.name}.exit_code`]: -1, [`${layer.name}.duration_s`]: 0 },
      log: layerLog("", [`could not start '${layer.run}' in ${ctx.cwd}: ${(error as Error).message}`]),
      exitCode: null,
      durationMs: 0,
      comments: null,
    };
  }
  if (result.aborted) throw new AbortError(`layer '${layer.name}' was interrupted`);

  const finished = !result.timedOut && result.exitCode !== null;
  const exitCode = finished ? (result.exitCode as number) : -1;
  const seconds = Math.round(result.durationMs) / 1000;
  const metrics: Record<string, number> = { [`${layer.name}.exit_code`]: exitCode, [`${layer.name}.duration_s`]: seconds };
  const notes: string[] = [
    result.timedOut
      ? `timed out after ${layer.timeoutSeconds}s: the command and everything it started were killed`
      : result.exitCode === null
        ? `killed by ${result.signal ?? "a signal"} after ${seconds}s`
        : `exited with code ${exitCode} after ${seconds}s`,
  ];

  let parsedOk = false;
  let failedTests = 0;
  // Output cut short by a timeout would measure a part of the run as if it were all of it.
  if (!finished && layer.parse !== "exit-code") {
    notes.push(`parse '${layer.parse}': the output was not parsed because the command did not finish; its metrics are left out`);
  } else {
    const parsed = await parseOutput(layer, result);
    if (!parsed.found) {
      // Cut off or not, nothing was measured: the layer fails, and a target on its metrics cannot hold.
      notes.push(
        parsed.cutOff
          ? `parse '${layer.parse}' was cut off: ${parsed.reason}; its metrics are left out and the layer fails`
          : `parse '${layer.parse}' found nothing: ${parsed.reason}; its metrics are left out`,
      );
    } else {
      for (const [key, value] of Object.entries(parsed.metrics)) metrics[`${layer.name}.${key}`] = value;
      notes.push(
        `parse '${layer.parse}' measured ${Object.entries(parsed.metrics)
          .map(([key, value]) => `${key}=${round(value)}`)
          .join(", ")}`,
      );
      for (const problem of parsed.problems) notes.push(`parse '${layer.parse}': ${problem}`);
      parsedOk = parsed.problems.length === 0;
      failedTests = PARSE_CATALOG[layer.parse].countsTests ? (parsed.metrics.failed ?? 0) : 0;
    }
  }

  return {
    name: layer.name,
    kind: "run",
    ok: exitCode === 0 && parsedOk && failedTests === 0,
    metrics,
    log: layerLog(result.output, notes),
    exitCode: finished ? exitCode : null,
    durationMs: result.durationMs,
    comments: null,
  };
}

function parseOutput(layer: RunLayer, result: RunResult): ParseResult | Promise<ParseResult> {
  switch (layer.parse) {
    case "exit-code":
      return parseExitCode(result.timedOut ? null : result.exitCode);
    case "tap":
      return parseTap(result.stdout);
    case "junit":
      return parseJunit(result.stdout);
    case "regex":
      return parseRegex(result.stdout, layer.pattern);
    case "json":
      return parseJson(result.stdout, layer.fields);
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

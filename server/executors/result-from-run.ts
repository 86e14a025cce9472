// Turns a finished agent process into an AgentResult, with the reason for a failure said in words.
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentResult } from "./types";
import type { AgentRun } from "./run-agent-process";

const SHELL_NOT_FOUND = 127;

export function resultFromRun(run: AgentRun, agent: AgentSpec, label: string): AgentResult {
  const error = describeFailure(run, agent, label);
  return {
    ok: error === null,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    error,
    output: run.output,
    finalText: run.stdout,
    costUsd: 0,
    tokensIn: 0,
    tokensOut: 0,
    durationMs: run.durationMs,
  };
}

export function describeFailure(run: AgentRun, agent: AgentSpec, label: string): string | null {
  if (run.aborted) return `${label} was cancelled`;
  if (run.timedOut) return `${label} timed out after ${agent.timeoutSeconds}s`;
  if (run.exitCode === 0) return null;
  const said = lastLine(run.output);
  const how = run.exitCode === null ? `was killed by ${run.signal ?? "a signal"}` : `exited with code ${run.exitCode}`;
  return said ? `${label} ${how}: ${said}` : `${label} ${how}`;
}

// /bin/sh exits 127 and says "not found" when the executable is not on PATH.
export function isCommandNotFound(run: AgentRun): boolean {
  return run.exitCode === SHELL_NOT_FOUND && /not found/i.test(run.output);
}

export function lastLine(text: string, limit = 300): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1) ?? "";
  return last.length > limit ? `${last.slice(0, limit)}…` : last;
}

export function failed(result: AgentResult, error: string): AgentResult {
  return { ...result, ok: false, error };
}

export function notInstalledError(executable: string, product: string): string {
  return `${executable.split(/\s+/)[0]}: command not found — install ${product} or set agent.command`;
}

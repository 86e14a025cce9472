// What the CLI adapters share: run the CLI (or agent.command) and settle the cases that need no parsing
// of its output: cancelled, timed out, not installed.
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentRequest, AgentResult } from "./types";
import { runAgentProcess, type AgentRun } from "./run-agent-process";
import { failed, isCommandNotFound, notInstalledError, resultFromRun } from "./result-from-run";
import { commandLine } from "./shell-quote";
import { hiddenBySandbox } from "../process/hidden-by-sandbox";

// commandEnv: variables said on the command line itself, where bwrap's own --setenv (TMPDIR) cannot override them.
export type Cli = { executable: string; label: string; product: string; args: (promptFile: string) => string[]; commandEnv?: Record<string, string> };
export type CliRun = { settled: false; run: AgentRun; result: AgentResult } | { settled: true; result: AgentResult };

export async function runCliAgent(agent: AgentSpec, request: AgentRequest, cli: Cli): Promise<CliRun> {
  const executable = agent.command ?? cli.executable;
  const run = await runAgentProcess(agent, request, (promptFile) => commandLine(executable, cli.args(promptFile), cli.commandEnv));
  const result = resultFromRun(run, agent, cli.label);
  if (run.aborted || run.timedOut) return { settled: true, result };
  if (isCommandNotFound(run)) {
    const hidden = request.sandbox && hiddenBySandbox(executable.split(/\s+/)[0], { ...request.env, ...agent.env }, request.sandbox, request.cwd);
    return { settled: true, result: failed(result, hidden || notInstalledError(executable, cli.product)) };
  }
  return { settled: false, run, result };
}

// The "command" executor: any program that follows Setpoint's agent contract (cwd = worktree, prompt on
// stdin and in SETPOINT_PROMPT_FILE, SETPOINT_GOAL and SETPOINT_ITERATION set); its stdout is its final text.
import type { RunAgent } from "./types";
import { runAgentProcess } from "./run-agent-process";
import { failed, isCommandNotFound, resultFromRun } from "./result-from-run";
import { commandLine } from "./shell-quote";

export const runCommand: RunAgent = async (agent, request) => {
  if (!agent.command) throw new Error("executor 'command' needs agent.command");
  const command = agent.command;
  const run = await runAgentProcess(agent, request, () => commandLine(command, agent.args));
  const result = resultFromRun(run, agent, "agent command");
  if (isCommandNotFound(run)) {
    return failed(result, `agent command exited with code 127: command not found (${command.split(/\s+/)[0]}); check agent.command`);
  }
  return result;
};

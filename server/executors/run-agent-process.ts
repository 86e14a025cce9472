// Runs one agent process the way every executor does: in the worktree, with the prompt on stdin and
// in SETPOINT_PROMPT_FILE (kept outside the worktree so it is never committed), under the agent's timeout.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AgentSpec } from "../spec/goal-spec";
import { runProcess, type RunResult } from "../process/run-process";
import type { AgentRequest } from "./types";

export type AgentRun = RunResult & { promptFile: string };

// `buildCommand` gets the prompt file's path, for CLIs that take the prompt as a file.
export async function runAgentProcess(
  agent: AgentSpec,
  request: AgentRequest,
  buildCommand: (promptFile: string) => string,
): Promise<AgentRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "setpoint-prompt-"));
  const promptFile = path.join(dir, "prompt.md");
  try {
    await writeFile(promptFile, request.prompt, "utf8");
    const run = await runProcess({
      command: buildCommand(promptFile),
      cwd: request.cwd,
      env: agentEnvironment(agent, request, promptFile),
      input: request.prompt,
      timeoutMs: agent.timeoutSeconds * 1000,
      signal: request.signal,
      onOutput: request.onOutput,
      // The prompt file lives in the /tmp the sandbox replaces: it is bound in, read-only.
      sandbox: request.sandbox && { ...request.sandbox, readable: [...(request.sandbox.readable ?? []), dir] },
    });
    return { ...run, promptFile };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The runner's base environment, then the goal's agent.env, then SETPOINT_* (which the goal cannot override).
export function agentEnvironment(agent: AgentSpec, request: AgentRequest, promptFile: string): NodeJS.ProcessEnv {
  return {
    ...request.env,
    ...agent.env,
    SETPOINT_GOAL: request.goal,
    SETPOINT_ITERATION: String(request.iteration),
    SETPOINT_PROMPT_FILE: promptFile,
  };
}

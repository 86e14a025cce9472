// Runs one agent process the way every executor does: in the worktree, with the prompt on stdin and
// in SETPOINT_PROMPT_FILE (kept outside the worktree so it is never committed), under the agent's timeout.
import { chown, copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AgentSpec } from "../spec/goal-spec";
import { removeTree } from "../files/remove-tree";
import { makePromptFolder } from "./prompt-folders";
import { runProcess, type RunResult } from "../process/run-process";
import type { AgentRequest } from "./types";

export type AgentRun = RunResult & { promptFile: string };

// `buildCommand` gets the prompt file's path, for CLIs that take the prompt as a file. `files` are copied
// beside it, for the agent to run from there (the folder they live in may be closed to the agent user).
export async function runAgentProcess(
  agent: AgentSpec,
  request: AgentRequest,
  buildCommand: (promptFile: string) => string,
  files: string[] = [],
): Promise<AgentRun> {
  const dir = await makePromptFolder();
  const promptFile = path.join(dir, "prompt.md");
  try {
    await writeFile(promptFile, request.prompt, "utf8");
    const copies = files.map((file) => path.join(dir, path.basename(file)));
    for (const [index, file] of files.entries()) await copyFile(file, copies[index]);
    // The folder is 0700: the agent user gets it, and what is in it, to read.
    if (request.user) for (const owned of [dir, promptFile, ...copies]) await chown(owned, request.user.uid, request.user.gid);
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
      user: request.user,
    });
    return { ...run, promptFile };
  } finally {
    await removeTree(dir); // the agent user's by now: no link it put there is followed
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

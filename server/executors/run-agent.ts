// Runs the goal's agent: one runner per catalogued executor (executor-catalog.ts), all on the same process
// runner and result contract. The compiler holds this map to the catalog's names.
import type { ExecutorName } from "./executor-catalog";
import type { RunAgent } from "./types";
import { runAider } from "./run-aider";
import { runClaudeCode } from "./run-claude-code";
import { runCodex } from "./run-codex";
import { runCommand } from "./run-command";
import { runDemo } from "./run-demo";
import { runGeminiCli } from "./run-gemini-cli";

export const EXECUTOR_RUNNERS: Record<ExecutorName, RunAgent> = {
  demo: runDemo,
  command: runCommand,
  "claude-code": runClaudeCode,
  codex: runCodex,
  "gemini-cli": runGeminiCli,
  aider: runAider,
};

export const runAgent: RunAgent = (agent, request) => EXECUTOR_RUNNERS[agent.executor](agent, request);

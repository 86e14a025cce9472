// Runs the goal's agent: one executor per kind, all on the same process runner and result contract.
import type { AgentSpec } from "../spec/goal-spec";
import type { RunAgent } from "./types";
import { runAider } from "./run-aider";
import { runClaudeCode } from "./run-claude-code";
import { runCodex } from "./run-codex";
import { runCommand } from "./run-command";
import { runDemo } from "./run-demo";

const EXECUTORS: Record<AgentSpec["executor"], RunAgent> = {
  demo: runDemo,
  command: runCommand,
  "claude-code": runClaudeCode,
  codex: runCodex,
  aider: runAider,
};

export const runAgent: RunAgent = (agent, request) => EXECUTORS[agent.executor](agent, request);

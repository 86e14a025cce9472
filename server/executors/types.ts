// What every agent executor (demo, command, claude-code, codex, gemini-cli, aider) takes and reports.
import type { Sandbox } from "../process/bwrap-args";
import type { RunAs } from "../process/spawn-child";
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentTranscript } from "./agent-transcript";

export type AgentRequest = {
  cwd: string; // the iteration's worktree
  prompt: string;
  goal: string; // goal name, exported as SETPOINT_GOAL
  iteration: number; // exported as SETPOINT_ITERATION
  env: NodeJS.ProcessEnv; // base environment chosen by the runner; the executor adds SETPOINT_* and agent.env
  signal?: AbortSignal; // cancel or lost lease: kill the agent's whole process group
  onOutput?: (chunk: string) => void;
  sandbox?: Sandbox; // the goal's `sandbox: bwrap`: the worktree writable, nothing else
  user?: RunAs; // a root runner's agent user, whom the agent runs as
};

export type AgentResult = {
  ok: boolean; // exited 0, not timed out, and the CLI did not report an error
  exitCode: number | null;
  timedOut: boolean;
  error: string | null; // why it failed, in words, when !ok
  output: string; // everything it printed (capped, tail kept)
  finalText: string; // the agent's final message (for command: its stdout)
  costUsd: number; // as reported by the CLI, 0 when it reports none
  tokensIn: number;
  tokensOut: number;
  durationMs: number;
  // What a CLI agent did, read from its event stream (claude-code, codex); absent for the others.
  transcript?: AgentTranscript;
};

export type RunAgent = (agent: AgentSpec, request: AgentRequest) => Promise<AgentResult>;

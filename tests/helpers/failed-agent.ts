// An agent that exited 1 with no output: what a test records as an iteration's AgentFailed outcome.
import type { AgentResult } from "../../server/executors/types";

export function failedAgent(costUsd = 0): AgentResult {
  return { ok: false, exitCode: 1, timedOut: false, error: "exit 1", output: "", finalText: "", costUsd, tokensIn: 0, tokensOut: 0, durationMs: 1 };
}

// Claude Code in headless mode: `claude -p --output-format json`, prompt on stdin, file edits allowed
// without asking (nobody is there to answer), and the final result object read for text, cost and tokens.
import type { RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseClaudeResult } from "./parse-claude-result";

export function claudeCodeArgs(model: string | undefined, extra: readonly string[]): string[] {
  return [
    "-p",
    "--output-format", "json",
    "--permission-mode", "acceptEdits",
    ...(model ? ["--model", model] : []),
    ...extra,
  ];
}

export const runClaudeCode: RunAgent = async (agent, request) => {
  const ran = await runCliAgent(agent, request, { executable: "claude", label: "claude", product: "Claude Code", args: () => claudeCodeArgs(agent.model, agent.args) });
  if (ran.settled) return ran.result;
  const { run, result } = ran;

  const parsed = parseClaudeResult(run.stdout);
  if (!parsed) {
    const said = lastLine(run.output);
    return failed(result, result.error ?? `claude printed no result JSON (expected the object of \`claude -p --output-format json\`)${said ? `; it said: ${said}` : ""}`);
  }
  const measured = { ...result, finalText: parsed.text, costUsd: parsed.costUsd, tokensIn: parsed.tokensIn, tokensOut: parsed.tokensOut };
  if (parsed.isError) {
    // subtype says more than "success" when the run ended early (error_max_turns, error_during_execution).
    const kind = parsed.subtype && parsed.subtype !== "success" ? ` (${parsed.subtype})` : "";
    return failed(measured, `claude reported an error${kind}: ${parsed.text || lastLine(run.output) || "no message"}`);
  }
  return measured;
};

// OpenAI Codex non-interactively: `codex exec --json --sandbox workspace-write -` reads the prompt from
// stdin, may edit the worktree, and streams JSONL events we read for the final message and tokens.
import type { RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseCodexEvents } from "./parse-codex-events";

export function codexArgs(model: string | undefined, extra: readonly string[]): string[] {
  return [
    "exec",
    "--json",
    "--sandbox", "workspace-write",
    ...(model ? ["--model", model] : []),
    ...extra,
    "-", // the prompt comes on stdin
  ];
}

export const runCodex: RunAgent = async (agent, request) => {
  const ran = await runCliAgent(agent, request, { executable: "codex", label: "codex", product: "Codex CLI", args: () => codexArgs(agent.model, agent.args) });
  if (ran.settled) return ran.result;
  const { run, result } = ran;

  const events = parseCodexEvents(run.stdout);
  if (!events.sawEvents) {
    const said = lastLine(run.output);
    return failed(result, result.error ?? `codex printed no JSONL events (expected \`codex exec --json\`)${said ? `; it said: ${said}` : ""}`);
  }
  const measured = { ...result, finalText: events.finalText, tokensIn: events.tokensIn, tokensOut: events.tokensOut };
  if (events.error) return failed(measured, `codex reported an error: ${events.error}`);
  if (!events.completed) return failed(measured, result.error ?? "codex ended without completing its turn (no turn.completed event)");
  return measured;
};

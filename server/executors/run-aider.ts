// Aider as a one-shot scripted run: the prompt as a message, yes to every confirmation, and no commits of
// its own (the runner commits each iteration). Cost and tokens come from its "Tokens: … Cost: …" lines.
import path from "node:path";
import type { RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseAiderOutput } from "./parse-aider-output";

// The prompt goes by --message-file, not --message: Linux caps one argument at 128 KiB, and prompts
// carry test logs. Aider's history files go beside it, outside the worktree, so they are never committed.
export function aiderArgs(promptFile: string, model: string | undefined, extra: readonly string[]): string[] {
  const dir = path.dirname(promptFile);
  return [
    "--message-file",
    promptFile,
    "--yes-always",
    "--no-auto-commits",
    "--no-dirty-commits",
    "--no-gitignore",
    "--no-pretty",
    "--no-check-update",
    "--chat-history-file",
    path.join(dir, "aider.chat.history.md"),
    "--input-history-file",
    path.join(dir, "aider.input.history"),
    ...(model ? ["--model", model] : []),
    ...extra,
  ];
}

export const runAider: RunAgent = async (agent, request) => {
  const ran = await runCliAgent(agent, request, {
    executable: "aider",
    label: "aider",
    product: "aider",
    args: (promptFile) => aiderArgs(promptFile, agent.model, agent.args),
  });
  if (ran.settled) return ran.result;
  const { run, result } = ran;

  const usage = parseAiderOutput(run.output);
  const measured = { ...result, costUsd: usage.costUsd, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut };
  if (!measured.ok) return measured;
  if (usage.messages === 0) {
    // Aider prints API errors and exits 0; without a usage line the model never answered.
    const said = lastLine(run.output);
    return failed(measured, `aider printed no "Tokens: … sent, … received." line, so the model never answered${said ? `; it said: ${said}` : ""}`);
  }
  return measured;
};

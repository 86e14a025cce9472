// Claude Code in headless mode: `claude -p --output-format stream-json --verbose`, prompt on stdin. Every
// line is an event (kept as the iteration's transcript); the last is the result object, read for text,
// cost and tokens exactly as the CLI printed them. What it may do is agent.permissions: edit → acceptEdits
// (file edits only; commands are denied and reported), full → bypassPermissions.
import path from "node:path";
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentRequest, AgentResult, RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseClaudeResult, type ClaudeResult } from "./parse-claude-result";
import { claudeTranscript } from "./claude-transcript";

const PERMISSION_MODES: Record<AgentSpec["permissions"], string> = { edit: "acceptEdits", full: "bypassPermissions" };

export function claudeCodeArgs(agent: Pick<AgentSpec, "model" | "args" | "permissions">): string[] {
  return [
    "-p",
    "--output-format",
    "stream-json",
    "--verbose", // stream-json needs it in print mode
    "--permission-mode",
    PERMISSION_MODES[agent.permissions],
    ...(agent.model ? ["--model", agent.model] : []),
    ...agent.args,
  ];
}

// Laid under agent.env, which can undo any of them.
export function claudeCodeEnv(agent: Pick<AgentSpec, "baseUrl" | "permissions">, request: Pick<AgentRequest, "env" | "sandbox">): Record<string, string> {
  const home = request.env.HOME;
  return {
    // No update checks, telemetry or error reports: nothing leaves but the calls to the model.
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    // Settings, sessions and ~/.claude.json in the goal's own home (writable under bwrap), never the runner's.
    ...(home ? { CLAUDE_CONFIG_DIR: path.join(home, ".claude") } : {}),
    ...(agent.baseUrl ? { ANTHROPIC_BASE_URL: agent.baseUrl } : {}),
    // bypassPermissions is refused as root unless the CLI is told it is in a sandbox; only bwrap makes that true.
    ...(agent.permissions === "full" && request.sandbox ? { IS_SANDBOX: "1" } : {}),
  };
}

export const runClaudeCode: RunAgent = async (agent, request) => {
  const refused = refuseRootWithoutSandbox(agent, request);
  if (refused) return refused;
  const env = { ...request.env, ...claudeCodeEnv(agent, request), ...agent.env };
  const withEnv = { ...request, env };
  const ran = await runCliAgent(agent, withEnv, { executable: "claude", label: "claude", product: "Claude Code", args: () => claudeCodeArgs(agent) });
  if (ran.settled) {
    // Timed out or cancelled mid-way: what it did until then (its output holds the events it printed).
    const sofar = claudeTranscript(ran.result.output, request.cwd, env.CLAUDE_CONFIG_DIR);
    return sofar.sessionId ? { ...ran.result, transcript: sofar } : ran.result;
  }
  const { run, result } = ran;

  const transcript = claudeTranscript(run.stdout, request.cwd, env.CLAUDE_CONFIG_DIR);
  const parsed = parseClaudeResult(run.stdout);
  if (!parsed) {
    const said = lastLine(run.output);
    return failed(
      { ...result, transcript },
      result.error ??
        `claude printed no result object (expected the last line of \`claude -p --output-format stream-json\`)${said ? `; it said: ${said}` : ""}`,
    );
  }
  const measured = { ...result, finalText: parsed.text, costUsd: parsed.costUsd, tokensIn: parsed.tokensIn, tokensOut: parsed.tokensOut, transcript };
  if (parsed.isError) return failed(measured, withoutKeyHint(claudeError(parsed, run.output), parsed, env, request.goal));
  return { ...measured, ok: true, error: null };
};

export function claudeError(parsed: ClaudeResult, output: string): string {
  const message = parsed.text || parsed.errors.join("; ") || lastLine(output) || "no message";
  // The CLI retries 429 and 5xx itself; what reaches us is final (a 400: the request itself was refused).
  if (parsed.apiErrorStatus !== null)
    return `the model API refused claude's request with HTTP ${parsed.apiErrorStatus}${parsed.apiErrorType ? ` (${parsed.apiErrorType})` : ""}: ${message}`;
  if (parsed.subtype === "error_max_turns") return `claude stopped at its turn limit (error_max_turns): ${parsed.errors.join("; ") || message}`;
  // subtype says more than "success" when the run ended early (error_during_execution).
  const kind = parsed.subtype && parsed.subtype !== "success" ? ` (${parsed.subtype})` : "";
  return `claude reported an error${kind}: ${message}`;
}

// "Not logged in · Please run /login" means no key reached it: say where a key comes from in Setpoint.
function withoutKeyHint(error: string, parsed: ClaudeResult, env: NodeJS.ProcessEnv, goal: string): string {
  if (env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN || !/not logged in/i.test(parsed.text)) return error;
  return `${error} (no ANTHROPIC_API_KEY reached claude: store it as the goal's secret, \`setpoint secret set ${goal} ANTHROPIC_API_KEY\`, or pass it from the runner with env.pass)`;
}

function refuseRootWithoutSandbox(agent: AgentSpec, request: AgentRequest): AgentResult | null {
  const uid = request.user?.uid ?? process.getuid?.();
  if (agent.permissions !== "full" || uid !== 0 || request.sandbox) return null;
  return {
    ok: false,
    exitCode: null,
    timedOut: false,
    output: "",
    finalText: "",
    costUsd: 0,
    tokensIn: 0,
    tokensOut: 0,
    durationMs: 0,
    error:
      "agent.permissions: full runs claude with --permission-mode bypassPermissions, which Claude Code refuses as root; " +
      "run the goal with sandbox: bwrap (Setpoint then tells claude it is sandboxed with IS_SANDBOX=1), or run the runner as a user other than root",
  };
}

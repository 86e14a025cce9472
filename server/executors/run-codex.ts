// OpenAI Codex non-interactively: `codex exec --json -`, prompt on stdin, in the worktree. Its JSONL events
// are read for the final message, the tokens, the thread (to resume it in a terminal) and the file changes it
// could not make. What it may do is agent.permissions: edit → `--sandbox workspace-write` (edits and commands
// confined to the worktree), full → `danger-full-access`. agent.baseUrl becomes a model provider of its own
// (this Codex ignores OPENAI_BASE_URL), keyed by OPENAI_API_KEY.
import path from "node:path";
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentRequest, RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseCodexEvents } from "./parse-codex-events";
import { codexTranscript } from "./codex-transcript";
import { ensureAgentFolder } from "./agent-folder";

// The provider id agent.baseUrl is written under: `-c model_providers.setpoint.<key>=…` in agent.args reaches it.
export const CODEX_PROVIDER = "setpoint";
const SANDBOX_MODES: Record<AgentSpec["permissions"], string> = { edit: "workspace-write", full: "danger-full-access" };
// Nothing leaves but the calls to the model: no plugins (they fetch marketplaces) and no analytics.
const QUIET = ["-c", "analytics.enabled=false", "--disable", "plugins"];

export function codexArgs(agent: Pick<AgentSpec, "model" | "args" | "permissions" | "baseUrl">): string[] {
  return [
    "exec",
    "--json",
    // The runner chose where it runs (a worktree, or any folder of a `command`-less repository layout).
    "--skip-git-repo-check",
    "--sandbox",
    SANDBOX_MODES[agent.permissions],
    ...(agent.model ? ["--model", agent.model] : []),
    ...QUIET,
    ...(agent.baseUrl ? providerFlags(agent.baseUrl) : []),
    ...agent.args,
    "-", // the prompt comes on stdin
  ];
}

function providerFlags(baseUrl: string): string[] {
  const table = `model_providers.${CODEX_PROVIDER}`;
  const set = (key: string, value: string) => ["-c", `${key}=${JSON.stringify(value)}`]; // a TOML basic string
  return [
    ...set("model_provider", CODEX_PROVIDER),
    ...set(`${table}.name`, "agent.baseUrl"),
    ...set(`${table}.base_url`, baseUrl),
    ...set(`${table}.env_key`, "OPENAI_API_KEY"),
    ...set(`${table}.wire_api`, "responses"),
  ];
}

// Codex keeps its state (sessions, logs, helper links) in CODEX_HOME: the goal's own, in its HOME (under the
// work folder, writable under bwrap, removed with the goal). Codex refuses to put its helper binaries under the
// temporary folder, and then every command it sandboxes fails while it still exits 0; when the home lies there
// (a work folder under /tmp), Codex gets a temporary folder of its own beside CODEX_HOME instead.
export function codexEnv(request: Pick<AgentRequest, "env" | "sandbox">, codexHome: string | undefined): Record<string, string> {
  if (!codexHome) return {};
  // bwrap sets TMPDIR=/tmp inside the sandbox whatever the runner's was.
  const temporary = request.sandbox ? "/tmp" : request.env.TMPDIR || "/tmp";
  const inside = path.relative(path.resolve(temporary), codexHome);
  const underTemporary = !inside.startsWith("..") && !path.isAbsolute(inside);
  return { CODEX_HOME: codexHome, ...(underTemporary ? { TMPDIR: codexTemporaryFolder(codexHome) } : {}) };
}

const codexTemporaryFolder = (codexHome: string) => `${codexHome}-tmp`;

export const runCodex: RunAgent = async (agent, request) => {
  const codexHome = agent.env.CODEX_HOME ?? (request.env.HOME ? path.join(request.env.HOME, ".codex") : undefined);
  const env = { ...request.env, ...codexEnv(request, codexHome), ...agent.env };
  const ownTemporary = env.CODEX_HOME && env.TMPDIR === codexTemporaryFolder(env.CODEX_HOME) ? { TMPDIR: env.TMPDIR } : undefined;
  if (env.CODEX_HOME) for (const folder of [env.CODEX_HOME, ...(ownTemporary ? [ownTemporary.TMPDIR] : [])]) await ensureAgentFolder(folder, request);
  // Said on the command line too: bwrap's own --setenv TMPDIR would win over the environment.
  const ran = await runCliAgent(
    agent,
    { ...request, env },
    { executable: "codex", label: "codex", product: "Codex CLI", args: () => codexArgs(agent), commandEnv: ownTemporary },
  );
  if (ran.settled) return ran.result;
  const { run, result } = ran;

  const events = parseCodexEvents(run.stdout);
  const transcript = codexTranscript(run.stdout, run.output, request.cwd, env.CODEX_HOME);
  if (!events.sawEvents) {
    const said = lastLine(run.output);
    return failed(
      { ...result, transcript },
      result.error ?? `codex printed no JSONL events (expected \`codex exec --json\`)${said ? `; it said: ${said}` : ""}`,
    );
  }
  const measured = { ...result, finalText: events.finalText, tokensIn: events.tokensIn, tokensOut: events.tokensOut, transcript };
  if (events.error) return failed(measured, codexError(events.error));
  if (!events.completed) return failed(measured, result.error ?? "codex ended without completing its turn (no turn.completed event)");
  return measured;
};

// A refused model call arrives as the API's JSON body in the message: say its message and type.
export function codexError(message: string): string {
  try {
    const body = JSON.parse(message) as { error?: { message?: unknown; type?: unknown } };
    if (typeof body.error?.message === "string") {
      return `the model API refused codex's request${typeof body.error.type === "string" ? ` (${body.error.type})` : ""}: ${body.error.message}`;
    }
  } catch {
    // not JSON: Codex's own words
  }
  return `codex reported an error: ${message}`;
}

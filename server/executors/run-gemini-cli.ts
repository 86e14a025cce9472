// Gemini CLI headless: `gemini -m <model> -o stream-json -p ''` with the prompt on stdin, in the worktree. Its
// stream is read for the final text, the token totals (it prints no cost), the session and the tool calls.
// What it may do is agent.permissions: edit → `--approval-mode auto_edit` (edit tools approved, no shell tool
// offered), full → `--yolo`; both with `--skip-trust` (an untrusted folder turns yolo back into asking, and
// nobody is there to answer). The model is always named: without -m the CLI first asks a small model to route.
import { lstat, open } from "node:fs/promises";
import path from "node:path";
import type { AgentSpec } from "../spec/goal-spec";
import type { AgentRequest, RunAgent } from "./types";
import { failed, lastLine } from "./result-from-run";
import { runCliAgent } from "./run-cli-agent";
import { parseGeminiStream } from "./parse-gemini-stream";
import { ensureAgentFolder } from "./agent-folder";

const APPROVAL: Record<AgentSpec["permissions"], string[]> = { edit: ["--approval-mode", "auto_edit"], full: ["--yolo"] };
// The CLI exits 41 when no way to sign in is chosen; GEMINI_API_KEY (a goal secret) is that way. Nothing
// leaves but the calls to the model: no usage statistics, no update checks.
export const GEMINI_SETTINGS = {
  security: { auth: { selectedType: "gemini-api-key" } },
  privacy: { usageStatisticsEnabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
};
const EXIT_NO_AUTH = 41;

export function geminiArgs(agent: Pick<AgentSpec, "model" | "args" | "permissions">): string[] {
  return [
    ...(agent.model ? ["-m", agent.model] : []),
    "--output-format",
    "stream-json",
    ...APPROVAL[agent.permissions],
    "--skip-trust",
    ...agent.args,
    "-p",
    "", // headless; the prompt comes on stdin
  ];
}

export const runGeminiCli: RunAgent = async (agent, request) => {
  const home = request.env.HOME;
  if (home) await writeSettingsOnce(home, request);
  const env: NodeJS.ProcessEnv = { ...request.env, ...(agent.baseUrl ? { GOOGLE_GEMINI_BASE_URL: agent.baseUrl } : {}), ...agent.env };
  const ran = await runCliAgent(agent, { ...request, env }, { executable: "gemini", label: "gemini", product: "Gemini CLI", args: () => geminiArgs(agent) });
  if (ran.settled) return ran.result;
  const { run, result } = ran;

  const parsed = parseGeminiStream(run.stdout, request.cwd, env.HOME);
  const measured = { ...result, finalText: parsed.finalText, tokensIn: parsed.tokensIn, tokensOut: parsed.tokensOut, transcript: parsed.transcript };
  if (run.exitCode === EXIT_NO_AUTH) {
    return failed(
      measured,
      `gemini exited with code 41: no way to sign in was chosen (security.auth.selectedType in ${home ? path.join(home, ".gemini/settings.json") : "$HOME/.gemini/settings.json"}); it said: ${lastLine(run.output)}`,
    );
  }
  if (!parsed.result) {
    const said = lastLine(run.output);
    return failed(
      measured,
      result.error ?? `gemini printed no result line (expected \`gemini --output-format stream-json\`)${said ? `; it said: ${said}` : ""}`,
    );
  }
  if (!parsed.result.ok) return failed(measured, geminiError(parsed.result.error ?? ""));
  return measured;
};

// "[API Error: {"error":{"code":400,"message":"…","status":"INVALID_ARGUMENT"}}]": say the API's code and message.
export function geminiError(message: string): string {
  const body = /\{.*\}/s.exec(message)?.[0];
  try {
    const error = (JSON.parse(body ?? "") as { error?: { code?: unknown; message?: unknown; status?: unknown } }).error;
    if (typeof error?.message === "string") {
      const code = typeof error.code === "number" ? ` with HTTP ${error.code}` : "";
      const status = typeof error.status === "string" ? ` (${error.status})` : "";
      return `the model API refused gemini's request${code}${status}: ${error.message}`;
    }
  } catch {
    // not the API's JSON: the CLI's own words
  }
  return `gemini reported an error: ${message}`;
}

// $HOME/.gemini/settings.json in the goal's own home, written once when missing and then the agent's to
// keep (as the home is): written without following a link the agent may have planted in its place.
async function writeSettingsOnce(home: string, request: Pick<AgentRequest, "user">): Promise<void> {
  const folder = path.join(home, ".gemini");
  await ensureAgentFolder(folder, request);
  if (!(await lstat(folder)).isDirectory()) return; // a link: not ours to write through
  const file = await open(path.join(folder, "settings.json"), "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") return null;
    throw error;
  });
  if (!file) return;
  try {
    await file.writeFile(`${JSON.stringify(GEMINI_SETTINGS, null, 2)}\n`);
    if (request.user) await file.chown(request.user.uid, request.user.gid);
  } finally {
    await file.close();
  }
}

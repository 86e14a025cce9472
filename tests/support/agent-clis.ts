// The real agent CLIs the integration tests run, installed (pinned) by scripts/install-agent-clis.sh into
// SETPOINT_AGENT_CLIS, else its default folder. Missing is a failure, never a skip: CI installs them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function agentClisDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SETPOINT_AGENT_CLIS) return env.SETPOINT_AGENT_CLIS;
  return process.getuid?.() === 0 ? "/opt/setpoint/agent-clis" : path.join(os.homedir(), ".cache/setpoint/agent-clis");
}

// The absolute path of an installed CLI (claude, codex, gemini), or an error saying how to install it.
export function agentCli(name: "claude" | "codex" | "gemini"): string {
  const dir = agentClisDir();
  const bin = path.join(dir, "node_modules", ".bin", name);
  if (!fs.existsSync(bin))
    throw new Error(`the real ${name} CLI is not installed at ${bin}: run bash scripts/install-agent-clis.sh (SETPOINT_AGENT_CLIS=${dir})`);
  return bin;
}

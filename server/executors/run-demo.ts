// The "demo" executor: runs Setpoint's scripted demo agent (demo/demo-agent.mjs, no LLM) as a real child
// process through the same runner as every agent, so timeouts, cancel and output streaming behave alike.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RunAgent } from "./types";
import { runAgentProcess } from "./run-agent-process";
import { resultFromRun } from "./result-from-run";
import { shellQuote } from "./shell-quote";

// A small, fixed pretend cost per run so that maxCostUsd budgets can be tried out in the demo.
export const DEMO_COST_USD = 0.01;
// From this folder or from the runner's bundle (server/.build), both two folders below the project.
export const DEMO_AGENT_SCRIPT = fileURLToPath(new URL("../executors/demo/demo-agent.mjs", import.meta.url));
const DEMO_AGENT_FILES = [DEMO_AGENT_SCRIPT, fileURLToPath(new URL("../executors/demo/calculator-fixes.mjs", import.meta.url))];

// The scripts run from the prompt's folder: the agent user may have no way into Setpoint's own checkout.
export const runDemo: RunAgent = async (agent, request) => {
  const command = (promptFile: string) => [process.execPath, path.join(path.dirname(promptFile), path.basename(DEMO_AGENT_SCRIPT))].map(shellQuote).join(" ");
  const withCost = { ...agent, env: { ...agent.env, SETPOINT_DEMO_COST_USD: String(DEMO_COST_USD) } };
  const run = await runAgentProcess(withCost, request, command, DEMO_AGENT_FILES);
  return { ...resultFromRun(run, agent, "demo agent"), costUsd: DEMO_COST_USD };
};

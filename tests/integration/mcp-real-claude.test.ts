// The genuine Claude Code CLI (pinned, installed by scripts/install-agent-clis.sh) uses Setpoint as its
// MCP server, configured as a user configures it (`--mcp-config` naming `node bin/setpoint.mjs mcp` with
// SETPOINT_URL and SETPOINT_TOKEN), against a scripted Anthropic server whose turns call the tools. The
// stdio server talks to a real API; a real runner converges what claude applies.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { createToken } from "../../server/auth/api-tokens";
import { calcGoalYaml } from "../helpers/calc-goal-yaml";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { startAnthropicServer } from "../support/scripted-model/anthropic-messages";
import { callTool, say, usage, type RecordedRequest, type Script, type ScriptedUsage } from "../support/scripted-model/script";
import type { ScriptedServer } from "../support/scripted-model/server";

const CLAUDE = agentCli("claude");
const API_KEY = "sk-ant-scripted-test-key";
const MODEL = "claude-sonnet-4-5";
// Claude Code names an MCP server's tools mcp__<server>__<tool>; the server is "setpoint" in the config.
const TOOLS = ["validate_goal", "apply_goal", "wait_for_goal", "get_goal"] as const;
const tool = (name: (typeof TOOLS)[number]) => `mcp__setpoint__${name}`;
const ALL_TOOLS = [
  "apply_goal",
  "approve_iteration",
  "cancel_goal",
  "get_goal",
  "get_iteration",
  "list_goals",
  "pause_goal",
  "reject_iteration",
  "rerun_goal",
  "resume_goal",
  "validate_goal",
  "wait_for_goal",
];
// Claude Code defers MCP tools: the model sees their names only, and loads their schemas with ToolSearch
// before calling them, as a real model does.
const loadSetpointTools = (reported: ScriptedUsage) =>
  callTool("ToolSearch", { query: `select:${TOOLS.map(tool).join(",")}`, max_results: TOOLS.length }, reported);

let harness: Harness;
let api: { url: string };
const tokens = { operator: "", viewer: "" };
let repo: string;
const servers: ScriptedServer[] = [];

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  tokens.operator = await createToken(harness.db, "claude-operator", "operator");
  tokens.viewer = await createToken(harness.db, "claude-viewer", "viewer");
  repo = await harness.sampleRepo("calc");
  await harness.startRunner(1);
});
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await harness.close();
});

const goalYaml = (name: string) => calcGoalYaml(name, repo);

// The MCP configuration a user writes for Claude Code: the stdio server, its API and its token.
function mcpConfig(dir: string, token: string): string {
  const file = path.join(dir, "mcp.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      mcpServers: {
        setpoint: {
          type: "stdio",
          command: process.execPath,
          args: [path.join(ROOT, "bin/setpoint.mjs"), "mcp"],
          // No data folder of its own: the token in the config is the only credential it has.
          env: { SETPOINT_URL: api.url, SETPOINT_TOKEN: token, SETPOINT_DATA_DIR: path.join(dir, "no-data") },
        },
      },
    }),
  );
  return file;
}

type ClaudeRun = { code: number | null; stdout: string; stderr: string; server: ScriptedServer };

// `claude -p` in its own folder and home, allowed exactly the Setpoint tools the script calls.
async function runClaude(name: string, token: string, script: Script): Promise<ClaudeRun> {
  const server = await startAnthropicServer(script);
  servers.push(server);
  const dir = harness.writableDir(`claude-${name}`);
  const home = path.join(dir, "home");
  fs.mkdirSync(home);
  const args = [
    "-p",
    "Apply the calc goal through Setpoint and tell me how it ended.",
    "--output-format",
    "stream-json",
    "--verbose",
    "--model",
    MODEL,
    "--mcp-config",
    mcpConfig(dir, token),
    "--strict-mcp-config",
    "--allowedTools",
    TOOLS.map(tool).join(","),
  ];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, ".claude"),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    ANTHROPIC_BASE_URL: server.url,
    ANTHROPIC_API_KEY: API_KEY,
    // `setpoint mcp` starts through tsx: give it time on a loaded machine.
    MCP_TIMEOUT: "120000",
  };
  const child = spawn(CLAUDE, args, { cwd: dir, env: env as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, server };
}

type ToolResult = { isError: boolean; text: string };

// What claude sent the model back for the tool call it made in `turn`: the tool_result in the next request.
function toolResultOf(run: ClaudeRun, turn: number): ToolResult {
  const asked = run.server.requests.find((request) => request.turn === turn);
  const answered = run.server.requests.find((request) => request.turn === turn + 1);
  assert.ok(asked && answered, `the model was not called for turns ${turn} and ${turn + 1}:\n${explain(run)}`);
  const id = toolUseId(turn);
  const result = contentBlocks(answered).find((block) => block.type === "tool_result" && block.tool_use_id === id);
  assert.ok(result, `no tool_result for ${id} in the request answered by turn ${turn + 1}:\n${JSON.stringify(answered.body).slice(-3000)}`);
  const content = result.content as string | { type: string; text?: string }[];
  const text = typeof content === "string" ? content : content.map((part) => part.text ?? "").join("\n");
  // Claude appends its own reminders (tokens left) to what the tool said.
  return { isError: result.is_error === true, text: text.replace(/\s*<system-reminder>[\s\S]*?<\/system-reminder>/g, "") };
}

// The scripted server's id for a turn's one tool call (anthropic-messages.ts: toolu_scripted_<turn>_<n>).
const toolUseId = (turn: number) => `toolu_scripted_${turn}_0`;

function contentBlocks(request: RecordedRequest): Record<string, unknown>[] {
  const { messages } = request.body as { messages: { role: string; content: string | Record<string, unknown>[] }[] };
  return messages.flatMap((message) => (typeof message.content === "string" ? [] : message.content));
}

// The Setpoint tools claude names to the model as deferred (loadable through ToolSearch).
function deferredSetpointTools(request: RecordedRequest): string[] {
  const reminder = contentBlocks(request)
    .map((block) => String(block.text ?? ""))
    .find((text) => text.includes("deferred tools"));
  assert.ok(reminder, `no deferred tools named in the first request:\n${JSON.stringify(request.body).slice(0, 3000)}`);
  return reminder.split("\n").filter((line) => line.startsWith("mcp__setpoint__"));
}

type ModelTool = { name: string; description?: string; input_schema: { properties?: Record<string, unknown> } };
function modelTools(request: RecordedRequest): Record<string, ModelTool> {
  const tools = (request.body as { tools?: ModelTool[] }).tools ?? [];
  return Object.fromEntries(tools.map((entry) => [entry.name, entry]));
}

function explain(run: ClaudeRun): string {
  return `exit ${run.code}; ${run.server.requests.length} model call(s); stderr:\n${run.stderr.slice(-2000)}\nstdout:\n${run.stdout.slice(-3000)}`;
}

test("the real claude validates and applies a goal through Setpoint's MCP server, waits for it to converge and reads it; every tool result reached the model", async () => {
  const yaml = goalYaml("claude-calc");
  const run = await runClaude("operator", tokens.operator, [
    loadSetpointTools(usage(800, 20)),
    callTool(tool("validate_goal"), { yaml }, usage(900, 40)),
    callTool(tool("apply_goal"), { yaml }, usage(1000, 40)),
    callTool(tool("wait_for_goal"), { name: "claude-calc", timeoutSeconds: 240 }, usage(1100, 30)),
    callTool(tool("get_goal"), { name: "claude-calc" }, usage(1200, 20)),
    say("The goal claude-calc converged.", usage(1300, 10)),
  ]);
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.server.cursor.remaining, 0, explain(run));

  // Claude started the stdio server from the config and connected to it.
  const init = JSON.parse(run.stdout.split("\n")[0]) as { subtype: string; mcp_servers: { name: string; status: string }[] };
  assert.equal(init.subtype, "init");
  assert.deepEqual(
    init.mcp_servers.map(({ name, status }) => ({ name, status })),
    [{ name: "setpoint", status: "connected" }],
  );
  // Claude listed Setpoint's tools under its own naming, then handed the model their schemas once asked.
  assert.deepEqual(
    deferredSetpointTools(run.server.requests[0]),
    ALL_TOOLS.map((name) => `mcp__setpoint__${name}`),
  );
  const loaded = modelTools(run.server.requests[1]);
  for (const name of TOOLS) assert.ok(loaded[tool(name)], `${tool(name)} not loaded: ${Object.keys(loaded).join(", ")}`);
  assert.ok(loaded[tool("apply_goal")].input_schema.properties?.yaml, JSON.stringify(loaded[tool("apply_goal")]));

  assert.deepEqual(toolResultOf(run, 1), { isError: false, text: "valid; applying it would:\n  create goal claude-calc" });
  assert.deepEqual(toolResultOf(run, 2), { isError: false, text: "goal.setpoint.dev/claude-calc created (generation 1)" });
  const waited = toolResultOf(run, 3);
  assert.equal(waited.isError, false, waited.text);
  assert.match(
    waited.text,
    /^goal claude-calc has ended: Converged \(TargetsMet\), iteration \d+\/10, tests\.pass_ratio=1 lint\.ok=1: every target holds at iteration \d+$/,
  );
  const described = toolResultOf(run, 4);
  assert.equal(described.isError, false, described.text);
  assert.match(described.text, /Name: +claude-calc/);
  assert.match(described.text, /Phase: +Converged/);

  // The goal really exists, was applied as the token's name, and converged in the database.
  const goal = await harness.goal("claude-calc");
  assert.equal(goal.phase, "Converged");
  assert.equal(goal.createdBy, "claude-operator");
  const best = (await harness.iterations("claude-calc")).find((row) => row.number === goal.bestIteration)!;
  const metrics = best.metrics as Record<string, number>;
  assert.deepEqual([metrics["tests.pass_ratio"], metrics["lint.ok"]], [1, 1]);

  // Claude's own result closes the run with the model's last words.
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { type: string; is_error: boolean; result: string };
  assert.equal(result.type, "result");
  assert.equal(result.is_error, false);
  assert.equal(result.result, "The goal claude-calc converged.");
});

test("with a viewer's token, claude's apply_goal comes back to the model as the permission error, and no goal is created", async () => {
  const run = await runClaude("viewer", tokens.viewer, [
    loadSetpointTools(usage(800, 20)),
    callTool(tool("apply_goal"), { yaml: goalYaml("viewer-calc") }, usage(900, 40)),
    say("Setpoint refused: a viewer may not apply goals.", usage(1000, 10)),
  ]);
  assert.equal(run.code, 0, explain(run));
  assert.equal(run.server.cursor.remaining, 0, explain(run));
  const refused = toolResultOf(run, 1);
  assert.equal(refused.isError, true, refused.text);
  assert.match(refused.text, /not allowed: your role 'viewer' may not create, edit, run, pause or cancel goals/);
  assert.equal(await harness.db.goal.findUnique({ where: { name: "viewer-calc" } }), null);
});

// The genuine Claude Code CLI (pinned, installed by scripts/install-agent-clis.sh) run by the real runner
// loop against a scripted Anthropic server: it reads and edits a real worktree with its own tools, and the
// iteration records what it printed. Failure paths: an HTTP 400, its turn limit, a denied tool call, a timeout.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { formatLogs } from "../../server/cli/format/format-logs";
import { readTranscript } from "../../server/executors/agent-transcript";
import { getLogs } from "../../server/goals/read-goals";
import { readLiveOutput } from "../../server/iterations/read-live-output";
import { runAgent } from "../../server/executors/run-agent";
import { sandboxProblem } from "../../server/process/require-sandbox";
import { agentHomePath } from "../../server/runner/agent-home";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import { agentSchema } from "../../server/spec/goal-spec";
import { startHarness, type Harness } from "../helpers/loop-harness";
import { agentCli } from "../support/agent-clis";
import { primaryWorkingDirectory, startAnthropicServer } from "../support/scripted-model/anthropic-messages";
import { callTool, failWith, hang, say, usage, type RecordedRequest, type Script } from "../support/scripted-model/script";
import type { ScriptedServer } from "../support/scripted-model/server";

const CLAUDE = agentCli("claude");
// As a user installs it: on the runner's PATH. The bwrap goal names no agent.command; the others do.
const PATH_WITHOUT_CLAUDE = process.env.PATH ?? "/usr/bin:/bin";
process.env.PATH = `${path.dirname(CLAUDE)}:${PATH_WITHOUT_CLAUDE}`;
const API_KEY = "sk-ant-scripted-test-key";
const MODEL = "claude-sonnet-4-5";

let harness: Harness;
const servers: ScriptedServer[] = [];
const scratchDirs: string[] = [];
before(async () => {
  harness = await startHarness();
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
  await Promise.all(servers.map((server) => server.close()));
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

async function scriptedModel(script: Script): Promise<ScriptedServer> {
  const server = await startAnthropicServer(script);
  servers.push(server);
  return server;
}

// A repository whose one test fails until sum.mjs adds instead of subtracting.
const REPO_FILES = {
  "sum.mjs": "export const sum = (a, b) => a - b;\n",
  "test.mjs":
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the test file's own source, with its template string
    'import { sum } from "./sum.mjs";\nif (sum(2, 3) !== 5) { console.error(`sum(2, 3) should be 5, got ${sum(2, 3)}`); process.exit(1); }\nconsole.log("ok");\n',
};

// The file in the worktree the CLI said it works in: the script cannot know the iteration's folder beforehand.
const inWorktree = (request: RecordedRequest, file: string) => path.join(primaryWorkingDirectory(request)!, file);
const readSum =
  (reported = usage(1200, 40)) =>
  (request: RecordedRequest) =>
    callTool("Read", { file_path: inWorktree(request, "sum.mjs") }, reported);
const fixSum =
  (reported = usage(1500, 60, { cacheReadInputTokens: 900, cacheCreationInputTokens: 100 })) =>
  (request: RecordedRequest) =>
    callTool("Edit", { file_path: inWorktree(request, "sum.mjs"), old_string: "a - b", new_string: "a + b" }, reported);

async function applyGoal(name: string, server: ScriptedServer, agent: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) {
  const repo = await harness.gitRepo(`${name}-repo`, REPO_FILES);
  await harness.apply(name, {
    intent: "Make sum.mjs add its arguments so test.mjs passes.",
    workspace: { repo, ref: "main" },
    agent: {
      executor: "claude-code",
      ...(agent.command === null ? {} : { command: CLAUDE }),
      model: MODEL,
      baseUrl: server.url,
      timeoutSeconds: 180,
      ...withoutNull(agent),
    },
    metrics: [{ metric: "tests.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "tests", run: "node test.mjs" }] },
    stop: { maxIterations: 4, stallIterations: 3 },
    ...spec,
  });
  // The key reaches claude only as the goal's secret, by name, as `setpoint secret set` stores it.
  await setGoalSecret(harness.db, name, { name: "ANTHROPIC_API_KEY", value: API_KEY }, "test");
}

function withoutNull(agent: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(agent).filter(([, value]) => value !== null));
}

// What claude printed last: its result object, the source of truth for cost and tokens.
function printedResult(agentOutput: string) {
  const last = agentOutput
    .trim()
    .split("\n")
    .reverse()
    .find((line) => line.startsWith('{"') && line.includes('"type":"result"'));
  assert.ok(last, `claude printed no result object:\n${agentOutput.slice(-2000)}`);
  return JSON.parse(last) as { total_cost_usd: number; usage: Record<string, number>; session_id: string };
}

function assertRecordedAsPrinted(iteration: { costUsd: number; tokensIn: number; tokensOut: number; agentOutput: string }) {
  const printed = printedResult(iteration.agentOutput);
  assert.equal(iteration.costUsd, printed.total_cost_usd);
  assert.equal(iteration.tokensIn, printed.usage.input_tokens + printed.usage.cache_creation_input_tokens + printed.usage.cache_read_input_tokens);
  assert.equal(iteration.tokensOut, printed.usage.output_tokens);
  return printed;
}

test("a goal converges through the real claude: a denied command is shown and told to the next prompt, then claude reads and edits the file; cost and tokens are what it printed", async () => {
  const server = await scriptedModel([
    // Iteration 1: with permissions edit, claude refuses a command and the agent gives up.
    callTool("Bash", { command: "node test.mjs", description: "run the test" }, usage(900, 30)),
    say("I could not run the tests.", usage(1000, 12)),
    // Iteration 2: read first (claude refuses an edit of a file it has not read), then edit.
    readSum(),
    fixSum(),
    say("sum.mjs now adds.", usage(1700, 20)),
  ]);
  await applyGoal("claude-fixes-sum", server);
  const goal = await harness.waitForPhase("claude-fixes-sum", ["Converged", "Stalled", "Failed", "Exhausted"], 240_000);
  const iterations = await harness.iterations("claude-fixes-sum");
  assert.equal(goal.phase, "Converged", JSON.stringify(iterations.map((row) => [row.number, row.phase, row.agentError])));
  assert.deepEqual(
    iterations.map((row) => [row.number, row.phase, (row.metrics as Record<string, number>)["tests.ok"]]),
    [
      [0, "Evaluated", 0],
      [1, "Evaluated", 0],
      [2, "Evaluated", 1],
    ],
  );
  assert.equal(server.cursor.remaining, 0);

  const [, denied, fixed] = iterations;
  const deniedTranscript = readTranscript(denied.transcript)!;
  assert.deepEqual(deniedTranscript.denials, [{ tool: "Bash", summary: "node test.mjs" }]);
  assert.deepEqual(deniedTranscript.commandsRun, []);
  assert.deepEqual(deniedTranscript.filesTouched, []);
  // `setpoint logs` says so before claude's raw events.
  assert.match(
    formatLogs(await getLogs(harness.db, "claude-fixes-sum", 1)),
    /==> iteration 1: what the agent did <==\ndenied by agent.permissions: Bash: node test\.mjs\nfiles touched: none\ncommands run: none\n/,
  );

  // The next prompt (what claude sent the model in iteration 2) names the refused call.
  const secondPrompt = JSON.stringify(server.requests[2].body);
  assert.match(secondPrompt, /Tool calls refused in iteration 1/);
  assert.match(secondPrompt, /- Bash: node test\.mjs/);

  const fixedTranscript = readTranscript(fixed.transcript)!;
  assert.deepEqual(
    fixedTranscript.steps.map((step) => `${step.tool || "text"} ${step.summary} ${step.status}`),
    ["Read sum.mjs ok", "Edit sum.mjs ok", "text sum.mjs now adds. ok"],
  );
  assert.deepEqual(fixedTranscript.filesTouched, ["sum.mjs"]);
  const printed = assertRecordedAsPrinted(fixed);
  assert.equal(fixedTranscript.sessionId, printed.session_id);
  assert.match(fixedTranscript.resumeCommand ?? "", new RegExp(`CLAUDE_CONFIG_DIR=\\S+/homes/${goal.id}/\\.claude claude --resume ${printed.session_id}$`));
  // The script's usage, summed by the CLI: 1200+1500+1700 in, 900 cache reads and 100 cache writes, 40+60+20 out.
  assert.equal(fixed.tokensIn, 1200 + 1500 + 1700 + 900 + 100);
  assert.equal(fixed.tokensOut, 40 + 60 + 20);
  assert.ok(fixed.costUsd > 0);
  assertRecordedAsPrinted(denied);

  // Every call went to the scripted model, with the goal's key, the spec's model, from the iteration's worktree.
  for (const request of server.requests) {
    assert.equal(request.url, "/v1/messages?beta=true");
    assert.equal(request.headers["x-api-key"], API_KEY);
    assert.equal((request.body as { model: string }).model, MODEL);
    assert.equal((request.body as { stream: boolean }).stream, true);
  }
  assert.match(primaryWorkingDirectory(server.requests[2])!, new RegExp(`^${harness.workDir}/`));
  assert.match(JSON.stringify(server.requests[0].body), /Make sum\.mjs add its arguments/);

  // claude's state went to the goal's own config folder, not the runner's home.
  const configDir = path.join(agentHomePath(harness.workDir, goal.id), ".claude");
  assert.ok(fs.readdirSync(configDir).length > 0, `${configDir} is empty`);
});

test("under sandbox: bwrap, set up only through agent.baseUrl, agent.model and a goal secret (claude on the runner's PATH), with permissions: full the real claude runs a command and edits the worktree; its state stays in the goal's home", async (t) => {
  const cannotRun = await sandboxProblem({ sandbox: "bwrap" }, "this machine");
  assert.equal(cannotRun, null, "the CI machine runs bwrap");
  const server = await scriptedModel([
    callTool("Bash", { command: "node test.mjs", description: "run the test" }, usage(800, 20)),
    readSum(),
    fixSum(usage(1300, 50)),
    say("Fixed.", usage(1400, 8)),
  ]);
  await applyGoal("claude-in-bwrap", server, { permissions: "full", command: null }, { sandbox: "bwrap", network: true });
  const goal = await harness.waitForPhase("claude-in-bwrap", ["Converged", "Stalled", "Failed", "Exhausted"], 240_000);
  const iterations = await harness.iterations("claude-in-bwrap");
  assert.equal(goal.phase, "Converged", JSON.stringify(iterations.map((row) => [row.number, row.phase, row.agentError, row.agentOutput.slice(-500)])));
  const transcript = readTranscript(iterations[1].transcript)!;
  assert.deepEqual(transcript.commandsRun, ["node test.mjs"]);
  assert.deepEqual(transcript.denials, []);
  assert.deepEqual(transcript.filesTouched, ["sum.mjs"]);
  assertRecordedAsPrinted(iterations[1]);
  assert.ok(fs.readdirSync(path.join(agentHomePath(harness.workDir, goal.id), ".claude")).length > 0);
  t.diagnostic(`converged in ${iterations.length - 1} iteration(s)`);
});

test("while claude runs, the iteration's live view reads what it has done so far from its event stream", async () => {
  // The model reads the file, then never answers again: the run is caught mid-way, then times out.
  const server = await scriptedModel([readSum(), hang()]);
  await applyGoal("claude-live", server, { timeoutSeconds: 15 }, { retry: { maxAgentFailures: 0, backoffSeconds: 1 } });
  const live = await harness.waitFor(
    "claude's Read in the live transcript",
    async () => {
      const view = await readLiveOutput(harness.db, "claude-live", 1).catch(() => null);
      return view?.transcript?.steps.some((step) => step.tool === "Read") ? view : null;
    },
    120_000,
  );
  assert.equal(live.phase, "Running");
  assert.deepEqual(
    live.transcript!.steps.map((step) => `${step.tool} ${step.summary}`),
    ["Read sum.mjs"],
  );
  assert.match(live.transcript!.sessionId ?? "", /^[0-9a-f-]{36}$/);
  const goal = await harness.waitForPhase("claude-live", ["Failed", "Stalled", "Exhausted"], 120_000);
  const [, timedOut] = await harness.iterations("claude-live");
  assert.equal(timedOut.agentError, "claude timed out after 15s", goal.phase);
  // Once recorded, the live rows are gone and the transcript of what it did before the timeout is kept.
  assert.equal((await readLiveOutput(harness.db, "claude-live", 1)).transcript, null);
  assert.deepEqual(
    readTranscript(timedOut.transcript)?.steps.map((step) => `${step.tool} ${step.summary}`),
    ["Read sum.mjs"],
  );
});

// The failure paths run claude directly through the executor, in a scratch worktree.
function scratch(): string {
  const dir = tempDir("setpoint-real-claude-");
  for (const [file, text] of Object.entries(REPO_FILES)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

async function runClaude(server: ScriptedServer, agent: Record<string, unknown> = {}) {
  const cwd = scratch();
  const home = tempDir("setpoint-real-claude-home-");
  const env = { PATH: process.env.PATH, HOME: home, ANTHROPIC_API_KEY: API_KEY } as unknown as NodeJS.ProcessEnv;
  const spec = agentSchema.parse({ executor: "claude-code", command: CLAUDE, model: MODEL, baseUrl: server.url, timeoutSeconds: 120, ...agent });
  return runAgent(spec, { cwd, prompt: "Make test.mjs pass.", goal: "failure-paths", iteration: 1, env });
}

test("an HTTP 400 from the model API is a failed agent run that says the API refused the request, and why", async () => {
  const server = await scriptedModel([failWith(400, "prompt is too long: 250000 tokens > 200000 maximum")]);
  const result = await runClaude(server);
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 1);
  assert.match(result.error ?? "", /^the model API refused claude's request with HTTP 400 \(invalid_request_error\): /);
  assert.match(result.error ?? "", /too long/i);
  assert.equal(result.costUsd, 0);
  assert.equal(server.requests.length, 1, "a 400 is not retried");
});

test("a run past claude's max turns is a failed agent run naming the limit, with the cost of the turns it made", async () => {
  const server = await scriptedModel([
    (request) => callTool("Read", { file_path: inWorktree(request, "sum.mjs") }, usage(500, 10)),
    (request) => callTool("Read", { file_path: inWorktree(request, "test.mjs") }, usage(600, 10)),
  ]);
  const result = await runClaude(server, { args: ["--max-turns", "1"] });
  assert.equal(result.ok, false);
  assert.equal(result.error, "claude stopped at its turn limit (error_max_turns): Reached maximum number of turns (1)");
  assert.equal(result.tokensIn, 500);
  assert.equal(result.tokensOut, 10);
  assert.ok(result.costUsd > 0);
});

test("a model that never answers ends at agent.timeoutSeconds as a timed-out run", async () => {
  const server = await scriptedModel([hang()]);
  const started = Date.now();
  const result = await runClaude(server, { timeoutSeconds: 3 });
  assert.equal(result.ok, false);
  assert.equal(result.timedOut, true);
  assert.equal(result.error, "claude timed out after 3s");
  assert.ok(Date.now() - started < 30_000);
});

test("under bwrap, claude installed under /tmp is said to exist outside the sandbox but not inside it, and why", async () => {
  const installedInTmp = fs.mkdtempSync(path.join("/tmp", "setpoint-claude-in-tmp-"));
  fs.symlinkSync(CLAUDE, path.join(installedInTmp, "claude"));
  const cwd = scratch();
  const server = await scriptedModel([say("unreachable", usage(1, 1))]);
  const spec = agentSchema.parse({ executor: "claude-code", baseUrl: server.url, timeoutSeconds: 60 });
  const env = { PATH: `${installedInTmp}:${PATH_WITHOUT_CLAUDE}`, HOME: cwd, ANTHROPIC_API_KEY: API_KEY } as unknown as NodeJS.ProcessEnv;
  try {
    const result = await runAgent(spec, { cwd, prompt: "p", goal: "hidden-cli", iteration: 1, env, sandbox: { network: true, writable: [cwd] } });
    assert.equal(result.ok, false);
    assert.equal(
      result.error,
      `claude exists outside the sandbox at ${installedInTmp}/claude, but not inside it: sandbox: bwrap gives every command a private, empty /tmp, ` +
        "so nothing installed under /tmp on the runner's machine is seen inside. Install it outside /tmp (e.g. bash scripts/install-agent-clis.sh installs into /opt/setpoint/agent-clis) and point agent.command or PATH there",
    );
    assert.equal(server.requests.length, 0);
  } finally {
    fs.rmSync(installedInTmp, { recursive: true, force: true });
  }
});

test('without an API key, claude\'s "Not logged in" says where Setpoint takes the key from', async () => {
  const server = await scriptedModel([say("unreachable", usage(1, 1))]);
  const cwd = scratch();
  const env = { PATH: process.env.PATH, HOME: tempDir("setpoint-real-claude-home-") } as unknown as NodeJS.ProcessEnv;
  const spec = agentSchema.parse({ executor: "claude-code", command: CLAUDE, baseUrl: server.url, timeoutSeconds: 60 });
  const result = await runAgent(spec, { cwd, prompt: "p", goal: "keyless", iteration: 1, env });
  assert.equal(result.ok, false);
  assert.match(
    result.error ?? "",
    /^claude reported an error: Not logged in.*\(no ANTHROPIC_API_KEY reached claude: store it as the goal's secret, `setpoint secret set keyless ANTHROPIC_API_KEY`, or pass it from the runner with env\.pass\)$/,
  );
  assert.equal(server.requests.length, 0);
});

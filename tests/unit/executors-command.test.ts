import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, realpath } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { agentSchema, type AgentSpec } from "../../server/spec/goal-spec";
import { runAgent } from "../../server/executors/run-agent";
import type { AgentRequest } from "../../server/executors/types";
import { pidsWithArgument, uniqueSleep } from "../helpers/host-processes";

// Next.js types make NODE_ENV required on ProcessEnv; an agent's environment is only what we give it.
const childEnv = (vars: Record<string, string | undefined>) => vars as NodeJS.ProcessEnv;

const AGENTS = path.resolve(import.meta.dirname, "../fixtures/agents");
const PROMPT = "Fix the failing test.\nDo not edit test/.";

async function worktree(): Promise<string> {
  return realpath(await mkdtemp(path.join(os.tmpdir(), "setpoint-command-")));
}

function commandAgent(command: string, extra: Partial<AgentSpec> = {}): AgentSpec {
  return agentSchema.parse({ executor: "command", command, ...extra });
}

function request(cwd: string, extra: Partial<AgentRequest> = {}): AgentRequest {
  return { cwd, prompt: PROMPT, goal: "fix-calculator", iteration: 3, env: childEnv({ PATH: process.env.PATH }), ...extra };
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// The agent's shell starts another shell which starts `sleep`: a grandchild that must die with it.
const sleepsInAGrandchild = (sleep: string) => `sh -c 'sleep ${sleep} & wait'`;

test("the command runs in the worktree with the prompt on stdin, and its stdout is the final text", async () => {
  const cwd = await worktree();
  const result = await runAgent(commandAgent("pwd; cat"), request(cwd));
  assert.equal(result.ok, true, result.error ?? "");
  assert.equal(result.exitCode, 0);
  assert.equal(result.error, null);
  assert.equal(result.finalText, `${cwd}\n${PROMPT}`);
});

test("the prompt is also in SETPOINT_PROMPT_FILE, outside the worktree, and the file is gone afterwards", async () => {
  const cwd = await worktree();
  const result = await runAgent(commandAgent(`echo "$SETPOINT_PROMPT_FILE"; cat "$SETPOINT_PROMPT_FILE"`), request(cwd));
  const [promptFile, ...content] = result.finalText.split("\n");
  assert.equal(content.join("\n"), PROMPT);
  assert.ok(path.isAbsolute(promptFile));
  assert.ok(!promptFile.startsWith(cwd), `${promptFile} is inside the worktree`);
  assert.equal(existsSync(promptFile), false);
});

test("SETPOINT_GOAL and SETPOINT_ITERATION are set, and agent.env is laid over the runner's environment", async () => {
  const cwd = await worktree();
  const agent = commandAgent(`echo "$SETPOINT_GOAL $SETPOINT_ITERATION $FROM_RUNNER $FROM_GOAL $BOTH"`, {
    env: { FROM_GOAL: "goal-value", BOTH: "from-goal", SETPOINT_GOAL: "hijacked" },
  });
  const result = await runAgent(agent, request(cwd, { env: childEnv({ PATH: process.env.PATH, FROM_RUNNER: "runner-value", BOTH: "from-runner" }) }));
  assert.equal(result.finalText, "fix-calculator 3 runner-value goal-value from-goal\n");
});

test("the runner's environment is the whole environment: nothing leaks in from Setpoint's own process", async () => {
  const cwd = await worktree();
  process.env.SETPOINT_TEST_SECRET = "do-not-pass";
  try {
    const result = await runAgent(commandAgent(`echo "[$SETPOINT_TEST_SECRET]"`), request(cwd));
    assert.equal(result.finalText, "[]\n");
  } finally {
    delete process.env.SETPOINT_TEST_SECRET;
  }
});

test("agent.args reach the command as separate, quoted words", async () => {
  const cwd = await worktree();
  const args = ["two words", "it's", "$HOME", "a;b", "--flag=x"];
  const result = await runAgent(commandAgent("printf '%s\\n'", { args }), request(cwd));
  assert.equal(result.finalText, `${args.join("\n")}\n`);
});

test("a non-zero exit is an agent failure that gives the code and the last thing it printed", async () => {
  const cwd = await worktree();
  const result = await runAgent(commandAgent(path.join(AGENTS, "fails.sh")), request(cwd));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 1);
  assert.equal(result.timedOut, false);
  assert.equal(result.error, "agent command exited with code 1: stand-in agent: I cannot work on this repository");
});

test("an agent that runs past timeoutSeconds is killed together with every process it started", async () => {
  const cwd = await worktree();
  const sleep = uniqueSleep(30);
  const started = Date.now();
  const running = runAgent(commandAgent(sleepsInAGrandchild(sleep), { timeoutSeconds: 1 }), request(cwd));
  await waitFor(() => pidsWithArgument(sleep).length === 1);
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.timedOut, true);
  assert.equal(result.error, "agent command timed out after 1s");
  assert.ok(Date.now() - started < 10_000);
  await waitFor(() => pidsWithArgument(sleep).length === 0, 3000);
});

test("aborting the request's signal cancels the agent and kills the processes it started", async () => {
  const cwd = await worktree();
  const sleep = uniqueSleep(30);
  const controller = new AbortController();
  const running = runAgent(commandAgent(sleepsInAGrandchild(sleep)), request(cwd, { signal: controller.signal }));
  await waitFor(() => pidsWithArgument(sleep).length === 1);
  controller.abort();
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.timedOut, false);
  assert.equal(result.error, "agent command was cancelled");
  await waitFor(() => pidsWithArgument(sleep).length === 0, 3000);
});

test("a command that is not installed fails saying it was not found", async () => {
  const cwd = await worktree();
  const result = await runAgent(commandAgent("setpoint-no-such-agent --go"), request(cwd));
  assert.equal(result.ok, false);
  assert.equal(result.exitCode, 127);
  assert.match(result.error ?? "", /command not found \(setpoint-no-such-agent\)/);
});

test("what the agent prints on stdout and stderr streams to onOutput and is kept in output", async () => {
  const cwd = await worktree();
  const chunks: string[] = [];
  const result = await runAgent(commandAgent("echo to-stdout; echo to-stderr >&2"), request(cwd, { onOutput: (chunk) => chunks.push(chunk) }));
  assert.match(chunks.join(""), /to-stdout/);
  assert.match(chunks.join(""), /to-stderr/);
  assert.match(result.output, /to-stdout[\s\S]*to-stderr|to-stderr[\s\S]*to-stdout/);
  assert.equal(result.finalText, "to-stdout\n");
  assert.equal(result.costUsd, 0);
});

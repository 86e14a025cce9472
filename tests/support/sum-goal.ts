// A goal a real agent CLI can finish in one iteration: sum.js subtracts, sum.test.js wants it to add. The
// tests of each CLI give it the agent; the goal's API key is stored as a goal secret before a runner starts,
// so the first iteration already sees it; it runs to its end and the runner stops again.
import type { Harness } from "../helpers/loop-harness";
import { setGoalSecret } from "../../server/secrets/goal-secrets";
import type { Script } from "./scripted-model/script";
import type { ScriptedServer } from "./scripted-model/server";

const ENDED = ["Converged", "Stalled", "Exhausted", "Failed"];

export const SUM_FILES = {
  "sum.js": "module.exports = (a, b) => a - b;\n",
  "sum.test.js": 'const assert = require("node:assert");\nassert.equal(require("./sum.js")(2, 3), 5);\nconsole.log("ok");\n',
};

// One agent failure fails the goal (retry.maxAgentFailures: 0), so failure paths end in one iteration.
export function sumSpec(repo: string, agent: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    intent: "Make sum.js add its arguments; do not edit sum.test.js.",
    workspace: { repo, ref: "main" },
    agent: { timeoutSeconds: 120, ...agent },
    metrics: [{ metric: "tests.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "tests", run: "node sum.test.js", parse: "exit-code" }] },
    stop: { maxIterations: 2, stallIterations: 2 },
    retry: { maxAgentFailures: 0 },
    ...extra,
  };
}

export async function runSumGoal(
  harness: Harness,
  name: string,
  spec: (repo: string) => Record<string, unknown>,
  secret: { name: string; value: string },
  timeoutMs = 240_000,
) {
  const repo = await harness.gitRepo(name, SUM_FILES);
  await harness.apply(name, spec(repo));
  await setGoalSecret(harness.db, name, secret, "test");
  const runner = await harness.startRunner();
  try {
    const goal = await harness.waitForPhase(name, ENDED, timeoutMs);
    const iteration = (await harness.iterations(name)).find((row) => row.number === 1)!;
    return { goal, iteration, said: `${goal.message}\n${iteration?.agentError ?? ""}\n${iteration?.agentOutput ?? ""}` };
  } finally {
    await runner.drain(1000);
  }
}

// Scripted model servers started by a test file, closed together at its end.
export function scriptedServers(start: (script: Script) => Promise<ScriptedServer>) {
  const servers: ScriptedServer[] = [];
  return {
    async serve(script: Script): Promise<ScriptedServer> {
      const server = await start(script);
      servers.push(server);
      return server;
    },
    async closeAll(): Promise<void> {
      for (const server of servers.splice(0)) await server.close();
    },
  };
}

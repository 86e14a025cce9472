// The agent CLIs' state folders in a goal's home are the runner's to make and the agent's to keep: what the
// agent left there (a link to elsewhere) never gets the runner, root on a real installation, to write or hand
// over anything outside.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runAgent } from "../../server/executors/run-agent";
import { agentSchema } from "../../server/spec/goal-spec";
import type { AgentRequest } from "../../server/executors/types";

const root = process.getuid?.() === 0;
const SOMEONE = { uid: 54321, gid: 54321 };

function goalHome(): { home: string; outside: string; request: AgentRequest } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-state-"));
  const home = path.join(base, "home");
  const outside = path.join(base, "outside");
  fs.mkdirSync(home);
  fs.mkdirSync(outside);
  const env = { PATH: path.join(base, "no-such-bin"), HOME: home } as unknown as NodeJS.ProcessEnv;
  return { home, outside, request: { cwd: base, prompt: "p", goal: "g", iteration: 1, env, ...(root ? { user: SOMEONE } : {}) } };
}

test("Gemini CLI's settings are written once into the goal's home, never through a link planted in their place", async () => {
  const { home, outside, request } = goalHome();
  const agent = agentSchema.parse({ executor: "gemini-cli", model: "gemini-2.5-pro" });
  await runAgent(agent, request);
  const settings = path.join(home, ".gemini/settings.json");
  assert.equal(JSON.parse(fs.readFileSync(settings, "utf8")).security.auth.selectedType, "gemini-api-key");
  if (root) assert.equal(fs.statSync(path.join(home, ".gemini")).uid, SOMEONE.uid, "the folder just made is the agent user's");

  // The agent replaces the file with a link to something of the runner's: the next run leaves it alone.
  const target = path.join(outside, "precious.json");
  fs.writeFileSync(target, "keep me");
  fs.rmSync(settings);
  fs.symlinkSync(target, settings);
  await runAgent(agent, request);
  assert.equal(fs.readFileSync(target, "utf8"), "keep me");
});

test("a CODEX_HOME the agent turned into a link is not handed to the agent user again", { skip: root ? false : "only root changes owners" }, async () => {
  const { home, outside, request } = goalHome();
  fs.symlinkSync(outside, path.join(home, ".codex"));
  await runAgent(agentSchema.parse({ executor: "codex" }), request);
  assert.equal(fs.statSync(outside).uid, 0, "the link's target keeps its owner");
});

import { test } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import { runLayer } from "../../server/evaluation/run-layer";
import { runAgent } from "../../server/executors/run-agent";
import { CappedBuffer, OUTPUT_LIMIT_BYTES } from "../../server/process/capped-buffer";
import { runProcess } from "../../server/process/run-process";
import { agentSchema } from "../../server/spec/goal-spec";
import { childEnv } from "../fixtures/evaluation/child-env";

const MIB = 1024 * 1024;
// 3 MiB of numbered lines, so the tail is recognisable: the last line is "line 196607".
const PRINTS_3_MIB = "seq -f 'line %010.0f' 0 196607";
const CUT = "[… 2 MiB cut; the last 1 MiB follows …]";

function assertCappedTail(text: string, what: string): void {
  const [first, ...rest] = text.split("\n");
  assert.equal(first, CUT, `${what} starts by saying what was cut`);
  const kept = rest.join("\n");
  assert.ok(Buffer.byteLength(kept) <= OUTPUT_LIMIT_BYTES + 200, `${what} keeps about 1 MiB: ${Buffer.byteLength(kept)}`);
  assert.match(kept, /line 0000196607\n/, `${what} keeps the tail`);
  assert.doesNotMatch(kept, /line 0000000000/, `${what} drops the head`);
}

test("a command that prints 3 MiB keeps the last 1 MiB, and the first line says how much was cut", async () => {
  const result = await runProcess({ command: PRINTS_3_MIB, cwd: os.tmpdir(), timeoutMs: 60_000 });
  assert.equal(result.exitCode, 0);
  assertCappedTail(result.output, "the output");
  assertCappedTail(result.stdout, "stdout");
  assert.equal(Buffer.byteLength(result.output) - Buffer.byteLength(`${CUT}\n`), MIB, "exactly the last 1 MiB");
});

test("a layer's stored log and an agent's stored output are capped the same way, once", async () => {
  const outcome = await runLayer({ name: "loud", run: PRINTS_3_MIB, parse: "exit-code", timeoutSeconds: 60 }, { cwd: os.tmpdir(), env: childEnv() });
  assertCappedTail(outcome.log.replace(/\n\[setpoint\] [^\n]*$/, "\n"), "the layer log");
  assert.equal(outcome.log.match(/ cut; the last /g)?.length, 1, "one statement, not one per layer of code");
  assert.match(outcome.log, /\[setpoint\] exited with code 0/);

  const agent = await runAgent(agentSchema.parse({ executor: "command", command: PRINTS_3_MIB }), {
    cwd: os.tmpdir(),
    prompt: "",
    goal: "g",
    iteration: 1,
    env: childEnv(),
  });
  assert.equal(agent.ok, true, agent.error ?? "");
  assertCappedTail(agent.output, "the agent output");
  assertCappedTail(agent.finalText, "the agent's final text");
});

test("the cut starts at a whole character and NUL bytes are never kept", () => {
  const buffer = new CappedBuffer(4);
  buffer.push(Buffer.from("aé\u0000bc", "utf8")); // é is two bytes: a 4-byte tail starts inside it
  const text = buffer.toString();
  assert.equal(text, "[… 3 bytes cut; the last 3 bytes follows …]\nbc");
  assert.ok(!text.includes("\uFFFD") && !text.includes("\u0000"));
  const small = new CappedBuffer(100);
  small.push(Buffer.from("a\u0000b"));
  assert.equal(small.toString(), "ab", "uncut output says nothing about a cut");
});

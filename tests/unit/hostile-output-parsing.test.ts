// Everything the runner reads out of an agent's or a layer's output runs on its event loop, so it must stay
// linear however the output is made: a regex that backtracks over a long run of spaces or line breaks
// stalls every goal the runner holds. Each case is about the 1 MiB the runner keeps of an output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseVerdict } from "../../server/evaluation/parse-verdict";
import { parseTap } from "../../server/evaluation/parse-tap";
import { parseAiderOutput } from "../../server/executors/parse-aider-output";
import { tailLog } from "../../server/loop/tail-log";
import { cpuMs, MiB } from "../helpers/cpu-time";

const LIMIT_MS = 1000;

test("a reviewer's verdict is found in well under a second among a megabyte of spaces or backticks", () => {
  const verdict = '{"verdict":"approve","score":0.9,"comments":"fine"}';
  for (const noise of [`x${" ".repeat(MiB)}y`, `\`${" ".repeat(MiB)}`, "`".repeat(MiB), "{\n".repeat(MiB / 2)]) {
    let found: ReturnType<typeof parseVerdict> | undefined;
    const took = cpuMs(() => (found = parseVerdict(`${noise}\n${verdict}\n${noise}`)));
    assert.ok(took < LIMIT_MS, `${JSON.stringify(noise.slice(0, 4))}…: ${Math.round(took)} ms`);
    assert.deepEqual(found, { found: true, verdict: { verdict: "approve", score: 0.9, comments: "fine" } });
  }
  // Backticks around the line, with or without "json", are still taken off.
  for (const line of [`\`${verdict}\``, `\`\`\`json ${verdict} \`\`\``, `\`json${verdict}\``]) {
    assert.equal(parseVerdict(line).found, true, line);
  }
});

test("the last lines of a log are found in well under a second after a megabyte of line breaks", () => {
  for (const log of [`${"\n".repeat(MiB)}x`, `x${"\n".repeat(MiB)}`, `${"\r\n".repeat(MiB / 2)}x\r\n`]) {
    let tail: ReturnType<typeof tailLog> | undefined;
    const took = cpuMs(() => (tail = tailLog(log, 20, 4000)));
    assert.ok(took < LIMIT_MS, `${Math.round(took)} ms`);
    assert.equal(tail!.text.split("\n").at(-1), "x");
  }
  assert.deepEqual(tailLog("a\nb\n\n\n", 5, 100), { text: "a\nb", shownLines: 2, totalLines: 2, cut: false });
});

test("aider's usage lines are read in well under a second beside a megabyte of spaces", () => {
  const usage = "Tokens: 2.3k sent, 156 received. Cost: $0.0093 message, $0.0210 session.";
  for (const noise of [`Tokens:${" ".repeat(MiB)}x`, `Tokens: ${" ".repeat(MiB)}received`, `Tokens:${" received".repeat(MiB / 9)}`]) {
    let read: ReturnType<typeof parseAiderOutput> | undefined;
    const took = cpuMs(() => (read = parseAiderOutput(`${noise}\n${usage}\n`)));
    assert.ok(took < LIMIT_MS, `${JSON.stringify(noise.slice(0, 9))}…: ${Math.round(took)} ms`);
    assert.deepEqual(read, { messages: 1, costUsd: 0.0093, tokensIn: 2300, tokensOut: 156 });
  }
  assert.equal(parseAiderOutput("Tokens: received.\nTokens: 1 sent,  2 received.").messages, 2);
});

test("TAP is read in well under a second through a megabyte of directives and spaces", () => {
  for (const noise of [`not ok 1 ${"#".repeat(MiB)}`, `not ok 1 #${" ".repeat(MiB)}`, `#${" ".repeat(MiB)}x`, `# tests ${"1".repeat(MiB)}x`]) {
    const took = cpuMs(() => parseTap(`${noise}\nok 2\n`));
    assert.ok(took < LIMIT_MS, `${JSON.stringify(noise.slice(0, 9))}…: ${Math.round(took)} ms`);
  }
});

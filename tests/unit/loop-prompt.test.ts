import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goalSpecSchema } from "../../server/spec/goal-spec";
import { buildPrompt, PROMPT_LIMIT_CHARS, type PromptInput, type PromptIteration } from "../../server/loop/build-prompt";

const spec = goalSpecSchema.parse({
  intent: "Make the parser accept trailing commas.",
  workspace: { repo: "/tmp/repo" },
  agent: { executor: "claude-code" },
  metrics: [
    { metric: "tests.pass_ratio", target: ">= 1" },
    { metric: "lint.errors", target: "<= 0" },
  ],
  evaluation: {
    layers: [
      { name: "tests", run: "npm test" },
      { name: "lint", run: "npm run lint" },
      { name: "scope", policy: { forbidPaths: ["test/**"] } },
      { name: "review", agent: { executor: "codex" } },
    ],
  },
});

const numbered = (count: number, prefix = "line") => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`).join("\n");

const previous: PromptIteration = {
  number: 3,
  metrics: { "tests.pass_ratio": 0.7, "lint.errors": 0 },
  layers: [
    { name: "tests", ok: false, log: numbered(200), comments: null },
    { name: "lint", ok: true, log: "no problems", comments: null },
    { name: "scope", ok: true, log: "", comments: null },
    { name: "review", ok: false, log: "", comments: "The fix special-cases the fixture file." },
  ],
};

function input(overrides: Partial<PromptInput> = {}): PromptInput {
  return {
    goal: "trailing-commas",
    spec,
    iteration: 4,
    fromIteration: 3,
    previous,
    best: { number: 3, metrics: previous.metrics, layers: [] },
    rejection: null,
    reverted: null,
    denied: null,
    ...overrides,
  };
}

test("the prompt states the intent and each target with its latest value and whether it holds", () => {
  const prompt = buildPrompt(input());
  assert.match(prompt, /Make the parser accept trailing commas\./);
  assert.match(prompt, /Measured on iteration 3:/);
  assert.match(prompt, /- tests\.pass_ratio >= 1: 0\.7, NOT met/);
  assert.match(prompt, /- lint\.errors <= 0: 0, met/);
});

test("targets also show the best so far when the last iteration fell short of it", () => {
  const prompt = buildPrompt(input({ best: { number: 2, metrics: { "tests.pass_ratio": 0.8, "lint.errors": 0 }, layers: [] } }));
  assert.match(prompt, /tests\.pass_ratio >= 1: 0\.7, NOT met; best so far 0\.8 at iteration 2/);
});

test("after an agent failure, targets show the best iteration's values and the failure's output is shown", () => {
  const agentFailed: PromptIteration = { number: 4, metrics: {}, layers: [{ name: "agent", ok: false, log: "error: rate limited", comments: null }] };
  const prompt = buildPrompt(input({ previous: agentFailed, iteration: 5 }));
  assert.match(prompt, /Measured on iteration 3:\n- tests\.pass_ratio >= 1: 0\.7, NOT met/);
  assert.match(prompt, /### agent \(failed; log: 1 line\)\n```\nerror: rate limited\n```/);
});

test("before anything is measured, targets say so", () => {
  const prompt = buildPrompt(input({ previous: null, best: null, iteration: 1, fromIteration: 0 }));
  assert.match(prompt, /No iteration has been measured yet\./);
  assert.match(prompt, /tests\.pass_ratio >= 1: not measured yet/);
  assert.match(prompt, /starting commit \(iteration 0/);
});

test("a failing layer's log is shown by its last 60 lines", () => {
  const prompt = buildPrompt(input());
  assert.match(prompt, /### tests \(failed; log: last 60 of 200 lines\)/);
  assert.ok(prompt.includes("line 141\n") && prompt.includes("line 200\n"));
  assert.ok(!prompt.includes("line 140\n"), "line 140 is before the tail");
  assert.ok(!prompt.includes("no problems"), "passing layers' logs are left out");
});

test("reviewer and policy comments are passed on", () => {
  assert.match(buildPrompt(input()), /## Reviewer and policy comments on iteration 3\n### review\nThe fix special-cases the fixture file\./);
});

test("a person's rejection is quoted with who rejected which iteration", () => {
  const prompt = buildPrompt(input({ rejection: { iteration: 3, comment: "Do not touch the public API.", by: "alice@example.com" }, fromIteration: 2 }));
  assert.match(prompt, /Iteration 3 was rejected by alice@example\.com; its change was dropped\.\nRejection comment: Do not touch the public API\./);
});

test("tool calls the agent's CLI refused are listed with what its permissions allow", () => {
  const prompt = buildPrompt(input({ denied: { iteration: 3, calls: ["Bash: npm test", "Bash: rm -rf node_modules"] } }));
  assert.match(
    prompt,
    /## Tool calls refused in iteration 3\nYour permissions allow file edits only \(agent.permissions: edit\), no commands\. These calls were refused and did nothing:\n- Bash: npm test\n- Bash: rm -rf node_modules\n/,
  );
  assert.doesNotMatch(buildPrompt(input({ denied: { iteration: 3, calls: [] } })), /refused in iteration/);
});

test("a reverted iteration is named with the reason", () => {
  const prompt = buildPrompt(input({ reverted: { iteration: 3, reason: "tests.pass_ratio fell from 0.8 to 0.7" }, fromIteration: 2 }));
  assert.match(prompt, /Iteration 3's change was reverted: tests\.pass_ratio fell from 0\.8 to 0\.7\./);
  assert.match(prompt, /holds the commit of iteration 2/);
});

test("the prompt ends by saying the layers judge the work, not the agent's claims, and that Setpoint commits it", () => {
  const prompt = buildPrompt(input());
  const closing = prompt.slice(prompt.indexOf("## How your work is judged"));
  assert.ok(prompt.trimEnd().endsWith(closing.trimEnd()));
  assert.match(closing, /evaluation layers \(tests, lint, scope, review\)/);
  assert.match(closing, /What you say about your work[^\n]*is not read/);
  assert.match(closing, /^Do not commit: leave your changes as files in the working tree, and Setpoint records them/m);
});

test("huge logs are cut to keep the prompt around 24 KB, and the cut is stated", () => {
  const wide = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1} ${"x".repeat(400)}`).join("\n");
  const big: PromptIteration = {
    number: 3,
    metrics: {},
    layers: [
      { name: "tests", ok: false, log: wide(5000, "test"), comments: null },
      { name: "lint", ok: false, log: wide(5000, "lint"), comments: null },
      { name: "build", ok: false, log: "short failure\n", comments: null },
    ],
  };
  const prompt = buildPrompt(input({ previous: big }));
  assert.ok(prompt.length <= PROMPT_LIMIT_CHARS, `prompt is ${prompt.length} characters`);
  assert.match(prompt, /### tests \(failed; log: last \d+ of 5000 lines, cut to keep the prompt under 24000 characters\)/);
  assert.match(prompt, /### lint \(failed; log: last \d+ of 5000 lines, cut/);
  assert.match(prompt, /### build \(failed; log: 1 line\)\n```\nshort failure\n```/);
  assert.ok(prompt.includes("test 5000 "), "the very end of the log survives");
  assert.match(prompt, /## How your work is judged/);
});

test("a log holding a code fence cannot close the prompt's fence", () => {
  const layers = [{ name: "tests", ok: false, log: "before\n```\nafter", comments: null }];
  assert.match(buildPrompt(input({ previous: { ...previous, layers } })), /````\nbefore\n```\nafter\n````/);
});

const layerArb = fc.record({
  name: fc.constantFrom("tests", "lint", "review", "build"),
  ok: fc.boolean(),
  log: fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.string({ maxLength: 300 }), { maxLength: 400 }).map((lines) => lines.join("\n")),
  ),
  comments: fc.option(fc.string({ maxLength: 300 }), { nil: null }),
});
const promptInputArb: fc.Arbitrary<PromptInput> = fc
  .record({
    previous: fc.option(fc.record({ number: fc.nat(20), metrics: fc.constant({ "tests.pass_ratio": 0.5 }), layers: fc.array(layerArb, { maxLength: 6 }) }), {
      nil: null,
    }),
    rejection: fc.option(fc.record({ iteration: fc.nat(20), comment: fc.string({ maxLength: 200 }) }), { nil: null }),
    reverted: fc.option(fc.record({ iteration: fc.nat(20), reason: fc.string({ maxLength: 200 }) }), { nil: null }),
    denied: fc.option(fc.record({ iteration: fc.nat(20), calls: fc.array(fc.string({ maxLength: 400 }), { maxLength: 40 }) }), { nil: null }),
  })
  .map((parts) => input({ ...parts, best: null }));

test("the prompt is deterministic and stays within its size limit", () => {
  fc.assert(
    fc.property(promptInputArb, (args) => {
      const prompt = buildPrompt(args);
      assert.equal(buildPrompt(structuredClone(args)), prompt);
      assert.ok(prompt.length <= PROMPT_LIMIT_CHARS, `prompt is ${prompt.length} characters`);
      assert.match(prompt, /## How your work is judged/);
    }),
    { numRuns: 300 },
  );
});

test("project knowledge comes after the intent, each file under its name, a cut said with its sizes, a file holding ``` fenced longer", () => {
  const prompt = buildPrompt(
    input({
      context: {
        files: [
          { name: "AGENTS.md", text: "Run ```npm test``` first.", totalBytes: 25 },
          { name: "docs/design.md", text: "A".repeat(100), totalBytes: 5000 },
          { name: "CLAUDE.md", missing: "no such file in the repository at 0123456789ab" },
        ],
        command: { command: "git log -1 --oneline", output: "abc123 start\n", exitCode: 0, timedOut: false },
      },
    }),
  );
  const knowledge = prompt.indexOf("## Project knowledge");
  assert.ok(prompt.indexOf("## What to achieve") < knowledge && knowledge < prompt.indexOf("## Targets"));
  assert.match(prompt, /### AGENTS\.md\n````\nRun ```npm test``` first\.\n````/);
  assert.match(prompt, /### docs\/design\.md\n```\nA{100}\n```\n\(cut at 100 bytes of 5000\)/);
  assert.match(prompt, /### CLAUDE\.md\n\(not included: no such file in the repository at 0123456789ab\)/);
  assert.match(prompt, /### Output of `git log -1 --oneline`\n```\nabc123 start\n```/);
});

test("project knowledge does not take the failing logs' room: the same log tail is shown with or without it", () => {
  const tail = (prompt: string) => prompt.slice(prompt.indexOf("## Failing layers"));
  const big = {
    files: [{ name: "AGENTS.md", text: "x".repeat(16_000), totalBytes: 16_000 }],
    command: { command: "false", output: "", exitCode: 1, timedOut: false },
  };
  const withKnowledge = buildPrompt(input({ context: big }));
  assert.equal(tail(withKnowledge), tail(buildPrompt(input())));
  assert.match(withKnowledge, /### Output of `false` \(exit 1\)\n\(no output\)/);
});

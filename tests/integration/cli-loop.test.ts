import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { createToken } from "../../server/auth/api-tokens";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
let harness: Harness;
let api: { url: string; token: string };
// Four eyes: whoever applied a goal ("tester") may not decide its gates; a second person does.
let reviewerToken: string;

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  reviewerToken = await createToken(harness.db, "reviewer", "approver");
  await harness.startRunner(2);
});
after(async () => {
  await harness.close();
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliAs(api.token, ...args);
}

async function cliAs(token: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), ...args], {
      cwd: harness.dir,
      env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: token },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function goalYaml(name: string, repo: string, approval: string): string {
  return `apiVersion: setpoint.dev/v1
kind: Goal
metadata:
  name: ${name}
  labels: { team: core }
spec:
  intent: Make every test pass and the linter happy without editing the tests.
  workspace: { repo: ${repo}, ref: main }
  agent: { executor: demo }
  metrics:
    - { metric: tests.pass_ratio, target: ">= 1" }
    - { metric: lint.ok, target: "== 1" }
  evaluation:
    layers:
      - { name: tests, run: npm test --silent, parse: tap }
      - { name: lint, run: npm run lint --silent, parse: exit-code }
      - { name: guard, policy: { forbidPaths: ["test/**"] } }
  approval: { policy: ${approval} }
`;
}

async function waitForGate(name: string): Promise<number> {
  const goal = await harness.waitForPhase(name, ["AwaitingApproval", "Converged", "Failed"], 90_000);
  assert.equal(goal.phase, "AwaitingApproval", goal.message);
  return goal.currentIteration!;
}

test("approve and reject from the CLI: the rejection's comment reaches the next prompt", async () => {
  const repo = await harness.sampleRepo("gated");
  const file = path.join(harness.dir, "gated.yaml");
  fs.writeFileSync(file, goalYaml("gated", repo, "every-iteration"));

  const applied = await cli("apply", "-f", file);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /goal\.setpoint\.dev\/gated created/);
  assert.match((await cli("apply", "-f", file)).stdout, /gated unchanged/);

  const first = await waitForGate("gated");
  assert.equal(first, 1, "every-iteration holds the first agent iteration");
  const json = JSON.parse((await cli("get", "goal", "gated", "-o", "json")).stdout);
  assert.equal(json.kind, "Goal");
  assert.equal(json.status.phase, "AwaitingApproval");
  assert.equal(json.metadata.labels.team, "core");
  assert.ok(json.status.conditions.some((condition: { type: string; status: string }) => condition.type === "AwaitingApproval" && condition.status === "True"));

  const own = await cli("approve", "gated", "--iteration", "1");
  assert.equal(own.code, 1, "the goal's author may not approve it");
  assert.match(own.stderr, /not allowed: four-eyes: tester created or last edited this goal, so another person must decide/);
  assert.doesNotMatch(own.stderr, /\n\s+at /, "no stack trace");
  assert.equal((await harness.iterations("gated"))[1].approval, "pending", "a refusal changes nothing");
  const noComment = await cliAs(reviewerToken, "reject", "gated", "--iteration", "1");
  assert.equal(noComment.code, 1, "a rejection without a comment is refused");
  const rejected = await cliAs(reviewerToken, "reject", "gated", "--iteration", "1", "--comment", "Keep subtract readable: name the operands.");
  assert.equal(rejected.code, 0, rejected.stderr);

  const second = await waitForGate("gated");
  assert.equal(second, 2);
  const rows = await harness.iterations("gated");
  assert.match(rows[2].prompt, /Keep subtract readable: name the operands\./, "the comment is in the next prompt");
  assert.equal(rows[2].fromCommit, rows[0].commit, "the rejected change was dropped");
  assert.match(rows[2].prompt, /Measured on iteration 0/, "the prompt describes the tree the agent starts from, not the rejected one");
  const logs = await cli("logs", "gated", "--iteration", "2");
  assert.match(logs.stdout, /Keep subtract readable/);

  const twice = await cliAs(reviewerToken, "reject", "gated", "--iteration", "1", "--comment", "again");
  assert.equal(twice.code, 1, "a decided gate cannot be decided again");
  assert.match(twice.stderr + twice.stdout, /already rejected/);

  for (let gate = second; ; gate = await waitForGate("gated")) {
    const approved = await cliAs(reviewerToken, "approve", "gated", "--iteration", String(gate));
    assert.equal(approved.code, 0, approved.stderr);
    const goal = await harness.waitFor("the approval to be taken", async () => {
      const row = await harness.goal("gated");
      return row.phase !== "AwaitingApproval" || row.currentIteration !== gate ? row : null;
    });
    if (goal.phase === "Converged") break;
    if (["Stalled", "Exhausted", "Failed"].includes(goal.phase)) assert.fail(`${goal.phase}: ${goal.message}`);
    const next = await harness.waitForPhase("gated", ["AwaitingApproval", "Converged"], 90_000);
    if (next.phase === "Converged") break;
  }

  const iterations = JSON.parse((await cli("get", "iterations", "gated", "-o", "json")).stdout);
  assert.equal(iterations[1].phase, "Rejected");
  assert.equal(iterations[1].approval, "rejected");
  assert.equal(iterations.at(-1).approval, "approved");
  const describe = await cli("describe", "goal", "gated");
  assert.match(describe.stdout, /Converged/);
  assert.match(describe.stdout, /tests\.pass_ratio/);
});

test("pause, resume, cancel and delete from the CLI", async () => {
  const repo = await harness.sampleRepo("steered");
  const file = path.join(harness.dir, "steered.yaml");
  fs.writeFileSync(file, goalYaml("steered", repo, "on-converge"));
  assert.equal((await cli("apply", "-f", file)).code, 0);

  assert.equal((await cli("pause", "steered")).code, 0);
  await harness.waitForPhase("steered", ["Paused"]);
  assert.equal((await cli("resume", "steered")).code, 0);
  const gate = await waitForGate("steered");
  assert.ok(gate >= 1, "on-converge holds the converging iteration");

  assert.equal((await cli("cancel", "steered")).code, 0);
  await harness.waitForPhase("steered", ["Cancelled"]);
  const again = await cli("cancel", "steered");
  assert.equal(again.code, 1);
  assert.match(again.stderr + again.stdout, /already ended/);
  const resumeCancelled = await cli("resume", "steered");
  assert.equal(resumeCancelled.code, 1, "a cancel is final");
  assert.match(resumeCancelled.stderr + resumeCancelled.stdout, /cancelled, which is final/);

  assert.equal((await cli("delete", "goal", "steered")).code, 0);
  const gone = await cli("get", "goal", "steered");
  assert.equal(gone.code, 1);
  assert.match(gone.stderr + gone.stdout, /not found/);
});

test("an invalid spec is refused with the field and line, and nothing stored changes", async () => {
  const file = path.join(harness.dir, "broken.yaml");
  fs.writeFileSync(file, goalYaml("gated", "/nowhere", "sometimes"));
  const before = await harness.goal("gated");
  const result = await cli("apply", "-f", file);
  assert.equal(result.code, 1);
  assert.match(result.stderr + result.stdout, /broken\.yaml:\d+:\d+: spec\.approval\.policy: must be one of/);
  const afterwards = await harness.goal("gated");
  assert.deepEqual(afterwards.spec, before.spec);
  assert.equal(afterwards.generation, before.generation);
});

// `setpoint events`: the audit trail (who applied, edited, paused, resumed, decided, cancelled and
// deleted what, and when) through the real CLI, API and Postgres.
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
let reviewer: string;

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi(); // its token's name is "tester"
  reviewer = await createToken(harness.db, "reviewer", "approver");
});
after(async () => {
  await harness.close();
});

async function cli(token: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

const ok = async (token: string, ...args: string[]) => {
  const result = await cli(token, ...args);
  assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
};

function goalYaml(intent: string): string {
  return `apiVersion: setpoint.dev/v1
kind: Goal
metadata: { name: audited }
spec:
  intent: ${intent}
  workspace: { repo: /tmp }
  agent: { executor: demo }
  metrics: [{ metric: tests.ok, target: "== 1" }]
  evaluation: { layers: [{ name: tests, run: "true" }] }
  approval: { policy: every-iteration }
`;
}

// The table's rows as [goal, type, reason, actor, message], after checking each starts with a UTC time.
function rows(table: string): string[][] {
  const [header, ...lines] = table.trimEnd().split("\n");
  assert.match(header, /^TIME\s+GOAL\s+TYPE\s+REASON\s+ACTOR\s+MESSAGE$/);
  return lines.map((line) => {
    assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /, line);
    return line.split(/ {3,}/).slice(1);
  });
}

test("every apply, edit, pause, resume, decision, cancel and delete is in the audit with who did it and when", async () => {
  const file = path.join(harness.dir, "audited.yaml");
  fs.writeFileSync(file, goalYaml("First version."));
  await ok(api.token, "apply", "-f", file);
  fs.writeFileSync(file, goalYaml("Second version."));
  await ok(api.token, "apply", "-f", file);
  await ok(api.token, "pause", "audited");
  await ok(api.token, "resume", "audited");
  // A gate as a runner would open it.
  const goal = await harness.goal("audited");
  await harness.db.iteration.create({
    data: {
      goalId: goal.id,
      number: 1,
      generation: 2,
      phase: "Evaluated",
      approval: "pending",
      approvalRequestedAt: new Date(),
      leaseEpoch: 1,
      finishedAt: new Date(),
    },
  });
  await harness.db.goal.update({ where: { id: goal.id }, data: { phase: "AwaitingApproval" } });
  await ok(reviewer, "reject", "audited", "--iteration", "1", "--comment", "name the operands");
  await ok(api.token, "cancel", "audited");

  const audit = rows(await ok(api.token, "events", "audited"));
  assert.deepEqual(
    audit.map(([goalName, type, reason, actor]) => [goalName, type, reason, actor]),
    [
      ["audited", "Created", "Applied", "tester"],
      ["audited", "SpecChanged", "Applied", "tester"],
      ["audited", "Paused", "PausedByUser", "tester"],
      ["audited", "Queued", "Resumed", "tester"],
      ["audited", "Queued", "Rejected", "reviewer"],
      ["audited", "Cancelled", "CancelledByUser", "tester"],
    ],
  );
  assert.equal(audit[1][4], "generation 2 applied by tester");
  assert.equal(audit[4][4], "iteration 1 rejected by reviewer: name the operands");
  const stored = await harness.db.event.findFirst({ where: { goalName: "audited", type: "SpecChanged" } });
  assert.equal((stored!.data as { generation?: number }).generation, 2, "the event records the generation");

  // What people did, and the deletion itself, outlive the goal; the runners' loop events go with it.
  const runnerEvent = { goalId: goal.id, goalName: "audited", type: "IterationStarted", actor: "runner-1" };
  await harness.db.runner.create({ data: { id: "runner-1", host: "test", pid: 1, concurrency: 1 } });
  await harness.db.event.create({ data: runnerEvent });
  await ok(api.token, "delete", "goal", "audited");
  const kept = rows(await ok(api.token, "events", "audited"));
  assert.deepEqual(
    kept.map(([, type, reason, actor]) => [type, reason, actor]),
    [...audit.map(([, type, reason, actor]) => [type, reason, actor]), ["Deleted", "-", "tester"]],
  );
  assert.equal(await harness.db.event.count({ where: { goalName: "audited", actor: "runner-1" } }), 0);
});

test("events filter by actor, type or reason, time and count, across goals, and print JSON on request", async () => {
  const decisions = rows(await ok(api.token, "events", "--actor", "reviewer"));
  // The reviewer's token use is audited too, as an event of no goal.
  assert.deepEqual(
    decisions.map(([goalName, type, reason]) => [goalName, type === "TokenUsed" ? type : reason]),
    [
      ["-", "TokenUsed"],
      ["audited", "Rejected"],
    ],
  );
  assert.deepEqual(
    rows(await ok(api.token, "events", "--type", "Deleted")).map(([goalName, type]) => [goalName, type]),
    [["audited", "Deleted"]],
  );
  assert.deepEqual(
    rows(await ok(api.token, "events", "--type", "Rejected", "--since", "1h")).map(([, , , actor]) => actor),
    ["reviewer"],
    "a type matches a reason too",
  );

  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await ok(api.token, "events", "--since", "1s")).trim(), "No events found.");
  assert.equal((await ok(api.token, "events", "nothing-here")).trim(), "No events found for goal 'nothing-here'.");
  // An event of another goal comes after; --limit keeps the newest.
  await harness.apply("later", {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  });
  assert.deepEqual(
    rows(await ok(api.token, "events", "--limit", "2")).map(([goalName, type]) => [goalName, type]),
    [
      ["audited", "Deleted"],
      ["later", "Created"],
    ],
  );

  const json = JSON.parse(await ok(api.token, "events", "--type", "Created", "-o", "json"));
  assert.deepEqual(
    json.map((event: { goal: string; actor: string }) => [event.goal, event.actor]),
    [
      ["audited", "tester"],
      ["later", "test"],
    ],
  );
  assert.ok(!Number.isNaN(Date.parse(json[0].time)));
});

test("bad events options are refused before any request, naming the option", async () => {
  for (const [args, message] of [
    [["--limit", "0"], /--limit must be a whole number from 1 to 1000; found '0'/],
    [["--limit", "5000"], /--limit must be a whole number from 1 to 1000/],
    [["--since", "yesterday"], /--since must be a duration such as 90s, 15m, 2h, 7d or 1h30m; found 'yesterday'/],
    [["--since", "0s"], /--since must be longer than 0s/],
    [["--since", "99999w"], /--since must be at most 10 years/],
    [["Not_A_Goal"], /GOAL must be a goal's name/],
    [["--actor", "x".repeat(500)], /--actor must be 1 to 200 characters; found 'x{60}… \(500 characters\)'/],
  ] as const) {
    const result = await cli("spt_not-a-token", "events", ...args);
    assert.equal(result.code, 1, args.join(" "));
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /refused the token/, "no request was sent");
  }
});

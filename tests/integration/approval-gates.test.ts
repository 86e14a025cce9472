// Who may decide a gate (four eyes, spec.approval.approvers) and what happens to a gate nobody
// decides (spec.approval.timeoutMinutes, onTimeout reject|fail), through the real API and runners.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { expireApprovals } from "../../server/approvals/expire-approvals";
import { createToken } from "../../server/auth/api-tokens";
import { Runner } from "../../server/runner/runner";
import { API_VERSION } from "../../server/spec/goal-spec";
import { calculatorSpec, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let api: { url: string; token: string };
const tokens: Record<string, string> = {};

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
  for (const name of ["alice", "bob", "carol", "dave"])
    tokens[name] = await createToken(harness.db, name, name === "alice" || name === "bob" ? "admin" : "approver");
});
after(async () => {
  await harness.close();
});

async function call(as: string, procedure: string, input: unknown): Promise<{ status: number; message: string }> {
  const response = await fetch(`${api.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokens[as]}` },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  return { status: response.status, message: body.error?.message ?? "" };
}

function applyAs(as: string, name: string, spec: Record<string, unknown>) {
  return call(as, "goals.applyManifests", { manifests: [{ apiVersion: API_VERSION, kind: "Goal", metadata: { name }, spec }] });
}

// Iteration `number` waiting at the gate since `openedAt`, and its goal parked there.
async function openGate(name: string, number: number, openedAt = new Date()) {
  const { id } = await harness.goal(name);
  await harness.db.iteration.create({
    data: {
      goalId: id,
      number,
      generation: 1,
      phase: "Evaluated",
      approval: "pending",
      approvalRequestedAt: openedAt,
      leaseEpoch: 1,
      startedAt: openedAt,
      finishedAt: openedAt,
    },
  });
  await harness.db.goal.update({ where: { id }, data: { phase: "AwaitingApproval", reason: "ApprovalRequired", heldSince: openedAt } });
}

async function gate(name: string, number: number) {
  return (await harness.iterations(name)).find((row) => row.number === number)!;
}

async function eventCount(name: string): Promise<number> {
  return harness.db.event.count({ where: { goalName: name } });
}

test("four eyes: the goal's author may not approve or reject its gate, and the refusal changes nothing", async () => {
  assert.equal((await applyAs("alice", "solo", calculatorSpec("/tmp", { approval: { policy: "every-iteration" } }))).status, 200);
  await openGate("solo", 1);
  const events = await eventCount("solo");

  for (const [procedure, input] of [
    ["goals.approve", { name: "solo", iteration: 1 }],
    ["goals.reject", { name: "solo", iteration: 1, comment: "mine, but no" }],
  ] as const) {
    const refused = await call("alice", procedure, input);
    assert.equal(refused.status, 403, procedure);
    assert.equal(refused.message, "four-eyes: alice created or last edited this goal, so another person must decide");
  }
  const row = await gate("solo", 1);
  assert.deepEqual([row.approval, row.approvedBy], ["pending", null]);
  assert.equal((await harness.goal("solo")).phase, "AwaitingApproval");
  assert.equal(await eventCount("solo"), events, "no event for a refused decision");

  assert.equal((await call("carol", "goals.approve", { name: "solo", iteration: 1, comment: "looks right" })).status, 200, "another person may");
  const decided = await gate("solo", 1);
  assert.deepEqual([decided.approval, decided.approvedBy], ["approved", "carol"]);
  assert.equal((await harness.goal("solo")).phase, "Queued");
});

test("four eyes: whoever last edited the spec may not decide either; the creator still may not", async () => {
  assert.equal((await applyAs("alice", "edited", calculatorSpec("/tmp", { approval: { policy: "every-iteration" } }))).status, 200);
  assert.equal(
    (await applyAs("bob", "edited", calculatorSpec("/tmp", { intent: "Make the tests pass, and keep it short.", approval: { policy: "every-iteration" } })))
      .status,
    200,
  );
  await openGate("edited", 1);
  assert.match((await call("bob", "goals.approve", { name: "edited", iteration: 1 })).message, /^four-eyes: bob created or last edited this goal/);
  assert.match((await call("alice", "goals.approve", { name: "edited", iteration: 1 })).message, /^four-eyes: alice created or last edited this goal/);
  assert.equal((await call("dave", "goals.reject", { name: "edited", iteration: 1, comment: "too short" })).status, 200);
  assert.equal((await gate("edited", 1)).approvedBy, "dave");
});

test("approvers: only the listed people may decide; fourEyes: false lets the author decide", async () => {
  const spec = calculatorSpec("/tmp", { approval: { policy: "every-iteration", approvers: ["bob", "carol"], fourEyes: false } });
  assert.equal((await applyAs("bob", "listed", spec)).status, 200);
  await openGate("listed", 1);
  const refused = await call("dave", "goals.approve", { name: "listed", iteration: 1 });
  assert.deepEqual(refused, { status: 403, message: "only bob, carol may decide this goal's gates" });
  const admin = await call("alice", "goals.approve", { name: "listed", iteration: 1 });
  assert.equal(admin.status, 403, "an admin outside the list is refused too");
  assert.equal((await gate("listed", 1)).approval, "pending");
  assert.equal((await call("bob", "goals.approve", { name: "listed", iteration: 1 })).status, 200, "bob applied it, but four eyes is off");
  assert.equal((await gate("listed", 1)).approvedBy, "bob");
});

test("onTimeout: fail ends the goal Failed (ApprovalTimedOut) once the gate waited timeoutMinutes, once however many runners sweep", async () => {
  await harness.apply("deadline", calculatorSpec("/tmp", { approval: { policy: "every-iteration", timeoutMinutes: 5, onTimeout: "fail" } }));
  const opened = new Date(Date.now() - 60_000);
  await openGate("deadline", 1, opened);
  assert.deepEqual(await expireApprovals(harness.db, new Date(opened.getTime() + 4 * 60_000)), [], "4 of 5 minutes: still waiting");
  assert.equal((await gate("deadline", 1)).approval, "pending");

  // Three runners sweeping at the same moment end it once.
  const later = new Date(opened.getTime() + 5 * 60_000 + 1);
  const swept = (await Promise.all([1, 2, 3].map(() => expireApprovals(harness.db, later)))).flat();
  assert.deepEqual(swept, ["deadline#1"]);
  const goal = await harness.goal("deadline");
  assert.deepEqual([goal.phase, goal.reason], ["Failed", "ApprovalTimedOut"]);
  assert.match(goal.message, /no decision within 5 minutes/);
  const row = await gate("deadline", 1);
  assert.deepEqual([row.approval, row.approvedBy, row.approvalComment], ["rejected", "system", "no decision within 5 minutes"]);
  assert.equal(await harness.db.event.count({ where: { goalName: "deadline", reason: "ApprovalTimedOut" } }), 1);
  assert.equal((await call("bob", "goals.approve", { name: "deadline", iteration: 1 })).status, 409, "a timed-out gate cannot be decided after");
});

test("a gate without a timeout, or of a paused goal, is left alone", async () => {
  await harness.apply("patient", calculatorSpec("/tmp", { approval: { policy: "every-iteration" } }));
  await openGate("patient", 1, new Date(Date.now() - 86_400_000));
  await harness.apply("held", calculatorSpec("/tmp", { approval: { policy: "every-iteration", timeoutMinutes: 1 } }));
  await openGate("held", 1, new Date(Date.now() - 3_600_000));
  await harness.db.goal.update({ where: { name: "held" }, data: { phase: "Paused", desired: "Pause" } });
  const swept = await expireApprovals(harness.db);
  assert.equal(swept.includes("patient#1") || swept.includes("held#1"), false, swept.join(", "));
});

test("onTimeout: reject: a runner's sweep rejects an unanswered gate as system, and the loop goes on with the reason in its prompt", async () => {
  const repo = await harness.sampleRepo("timed");
  await harness.apply("timed", calculatorSpec(repo, { approval: { policy: "every-iteration", timeoutMinutes: 60, onTimeout: "reject" } }));
  let skewMs = 0;
  const runner = new Runner({
    db: harness.db,
    databaseUrl: harness.url,
    slots: 1,
    workDir: harness.workDir,
    pollMs: 100,
    log: () => {},
    approvalSweepMs: 50,
    clock: () => new Date(Date.now() + skewMs),
  });
  await runner.start();
  try {
    await harness.waitForPhase("timed", ["AwaitingApproval"], 90_000);
    const first = await gate("timed", 1);
    assert.ok(first.approvalRequestedAt, "the runner notes when the gate opened");
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await gate("timed", 1)).approval, "pending", "not before the timeout");

    skewMs = 61 * 60_000;
    const rejected = await harness.waitFor("the sweep to reject the gate", async () => {
      const row = await gate("timed", 1);
      return row.approval === "rejected" ? row : null;
    });
    assert.deepEqual([rejected.approvedBy, rejected.approvalComment], ["system", "no decision within 60 minutes"]);
    skewMs = 0;
    await harness.waitFor(
      "the next iteration's gate",
      async () => (await harness.iterations("timed")).find((row) => row.number === 2 && row.approval === "pending"),
      90_000,
    );
    assert.match((await gate("timed", 2)).prompt, /no decision within 60 minutes/, "the reason reaches the next prompt");
    const event = await harness.db.event.findFirst({ where: { goalName: "timed", reason: "Rejected" } });
    assert.equal(event?.actor, "system");
  } finally {
    await runner.drain(1000);
  }
});

test("a runner ends a gate when its timeout comes, without polling for it: the gate its own slot opened sets its next sweep", async () => {
  const repo = await harness.sampleRepo("on-time");
  await harness.apply("on-time", calculatorSpec(repo, { approval: { policy: "every-iteration", timeoutMinutes: 1, onTimeout: "reject" } }));
  // The runner's clock runs 57 s ahead, so the one-minute gate times out about 3 s after it opens; its
  // safety sweep (60 s, the default) would come far later.
  const runner = new Runner({
    db: harness.db,
    databaseUrl: harness.url,
    slots: 1,
    workDir: harness.workDir,
    pollMs: 100,
    log: () => {},
    clock: () => new Date(Date.now() + 57_000),
  });
  await runner.start();
  try {
    await harness.waitForPhase("on-time", ["AwaitingApproval"], 90_000);
    const opened = (await gate("on-time", 1)).approvalRequestedAt!;
    const rejected = await harness.waitFor(
      "the timeout",
      async () => {
        const row = await gate("on-time", 1);
        return row.approval === "rejected" ? row : null;
      },
      20_000,
    );
    assert.equal(rejected.approvalComment, "no decision within 1 minutes");
    const lateMs = rejected.decidedAt!.getTime() - opened.getTime() - 3000;
    assert.ok(lateMs < 5000, `ended ${lateMs} ms after its timeout`);
  } finally {
    await runner.drain(1000);
  }
});

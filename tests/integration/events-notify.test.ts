import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { EVENTS_CHANNEL } from "../../server/events/record-event";
import { controlGoal } from "../../server/goals/control-goal";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(async () => {
  await harness.close();
});

test("every state change is an event row and one NOTIFY for live viewers", async () => {
  const listener = new pg.Client({ connectionString: harness.url });
  await listener.connect();
  const received: { goal: string; type: string; id: string }[] = [];
  listener.on("notification", (message) => received.push(JSON.parse(message.payload ?? "{}")));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  try {
    const spec = {
      intent: "x",
      workspace: { repo: "/tmp" },
      agent: { executor: "demo" },
      metrics: [{ metric: "t.ok", target: "== 1" }],
      evaluation: { layers: [{ name: "t", run: "true" }] },
    };
    await harness.apply("watched", spec);
    await controlGoal(harness.db, "watched", "pause", "alice");
    await controlGoal(harness.db, "watched", "resume", "alice");
    await harness.waitFor("three notifications", async () => received.length >= 3, 5000);

    assert.deepEqual(
      received.map((event) => [event.goal, event.type]),
      [
        ["watched", "Created"],
        ["watched", "Paused"],
        ["watched", "Queued"],
      ],
    );
    const rows = await harness.db.event.findMany({ where: { goalName: "watched" }, orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((row) => String(row.id)),
      received.map((event) => event.id),
      "each notification names its event row",
    );
    assert.equal(rows[1].actor, "alice");
    const goal = await harness.goal("watched");
    const conditions = goal.conditions as { type: string; status: string }[];
    assert.equal(conditions.find((condition) => condition.type === "Progressing")?.status, "True");
  } finally {
    await listener.end();
  }
});

test("time spent paused does not count against the duration budget", async () => {
  const spec = {
    intent: "x",
    workspace: { repo: "/tmp" },
    agent: { executor: "demo" },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "true" }] },
  };
  await harness.apply("held", spec);
  const started = new Date(Date.now() - 60_000);
  await harness.db.goal.update({ where: { name: "held" }, data: { runStartedAt: started } });
  await controlGoal(harness.db, "held", "pause", "alice");
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await controlGoal(harness.db, "held", "resume", "alice");
  const goal = await harness.goal("held");
  const shiftedMs = goal.runStartedAt!.getTime() - started.getTime();
  assert.ok(shiftedMs >= 1100 && shiftedMs < 5000, `the run's start moved by the ${shiftedMs} ms it was paused`);
  assert.equal(goal.heldSince, null);
});

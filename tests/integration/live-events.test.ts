import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { appRouter } from "../../server/api/root";
import { controlGoal } from "../../server/goals/control-goal";
import { stopEventHub } from "../../server/live/event-hub";
import type { LiveEvent } from "../../server/live/live-event";
import { startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
before(async () => {
  harness = await startHarness();
  process.env.DATABASE_URL = harness.url; // the web process's one LISTEN connection uses it
});
after(async () => {
  await stopEventHub();
  await harness.close();
});

const spec = {
  intent: "x",
  workspace: { repo: "/tmp" },
  agent: { executor: "demo" },
  metrics: [{ metric: "t.ok", target: "== 1" }],
  evaluation: { layers: [{ name: "t", run: "true" }] },
};

type Tracked = { id: string; data: LiveEvent };

async function openStream(lastEventId?: string) {
  const controller = new AbortController();
  const caller = appRouter.createCaller({ db: harness.db, caller: { name: "viewer", role: "admin", via: "token" } }, { signal: controller.signal });
  // On the server side an event is tracked(id, data): the envelope [id, data] that SSE sends as `id:` and `data:`.
  const stream = (await caller.live.events(lastEventId ? { lastEventId } : undefined)) as AsyncIterable<[string, LiveEvent]>;
  const iterator = stream[Symbol.asyncIterator]();
  const received: Tracked[] = [];
  const reading = (async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      received.push({ id: next.value[0], data: next.value[1] });
    }
  })().catch(() => {});
  return {
    received,
    close: async () => {
      controller.abort();
      await iterator.return?.();
      await reading;
    },
  };
}

test("a live viewer sees each goal's state changes as they happen, one event per change", async () => {
  const viewer = await openStream();
  try {
    await new Promise((resolve) => setTimeout(resolve, 300)); // the hub's LISTEN connection is up
    await harness.apply("watched-live", spec);
    await controlGoal(harness.db, "watched-live", "pause", "alice");
    await harness.waitFor("two live events", async () => viewer.received.length >= 2, 5000);
    assert.deepEqual(
      viewer.received.map((event) => [event.data.goal, event.data.type]),
      [
        ["watched-live", "Created"],
        ["watched-live", "Paused"],
      ],
    );
    const rows = await harness.db.event.findMany({ where: { goalName: "watched-live" }, orderBy: { id: "asc" } });
    assert.deepEqual(
      viewer.received.map((event) => event.id),
      rows.map((row) => String(row.id)),
      "each event carries its row id, so a reconnect can resume",
    );
  } finally {
    await viewer.close();
  }
});

test("a viewer that reconnects with its last event id gets what it missed, in order, without repeats", async () => {
  const first = await harness.db.event.findFirstOrThrow({ orderBy: { id: "desc" } });
  await harness.apply("missed-live", spec);
  await controlGoal(harness.db, "missed-live", "pause", "bob");
  const viewer = await openStream(String(first.id));
  try {
    await harness.waitFor("the missed events", async () => viewer.received.length >= 2, 5000);
    await controlGoal(harness.db, "missed-live", "resume", "bob");
    await harness.waitFor("the live event after them", async () => viewer.received.length >= 3, 5000);
    assert.deepEqual(
      viewer.received.map((event) => event.data.type),
      ["Created", "Paused", "Queued"],
    );
    const ids = viewer.received.map((event) => BigInt(event.id));
    assert.ok(
      ids.every((id, index) => index === 0 || id > ids[index - 1]),
      "ids increase: nothing repeated",
    );
  } finally {
    await viewer.close();
  }
});

test("the live stream is refused without a token", async () => {
  const caller = appRouter.createCaller({ db: harness.db, caller: null });
  await assert.rejects(async () => caller.live.events(), /sign in/);
});

test("re-run starts a new run of an ended goal; a cancelled or running goal is refused with a reason", async () => {
  await harness.apply("rerun-me", spec);
  await harness.db.goal.update({ where: { name: "rerun-me" }, data: { phase: "Converged", reason: "TargetsMet" } });
  const rerun = await controlGoal(harness.db, "rerun-me", "rerun", "carol");
  assert.equal(rerun.status.phase, "Queued");
  assert.equal(rerun.status.reason, "Rerun");
  await assert.rejects(controlGoal(harness.db, "rerun-me", "rerun", "carol"), /only a goal that has ended can be re-run/);
  await controlGoal(harness.db, "rerun-me", "cancel", "carol");
  await assert.rejects(controlGoal(harness.db, "rerun-me", "rerun", "carol"), /cancelled, which is final/);
});

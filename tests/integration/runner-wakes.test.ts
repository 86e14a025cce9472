// How runners hear of work and of what people ask of a goal they hold, with the safety poll set to a minute so
// that nothing here is rescued by it: a request is never lost in the moment a goal is parked, an idle runner
// does not spin on a goal it cannot claim yet, a dead runner's goal is taken over when its lease ends, and a
// deleted goal's agent stops at once.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { controlGoal, deleteGoal } from "../../server/goals/control-goal";
import { Runner } from "../../server/runner/runner";
import { exited, startHarness, type Harness } from "../helpers/loop-harness";

let harness: Harness;
let repo: string;
const runners: Runner[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  harness = await startHarness();
  repo = await harness.gitRepo("wakes", { "a.txt": "a\n" });
});
after(async () => {
  await stopRunners();
  await harness.close();
});

async function stopRunners(): Promise<void> {
  for (const runner of runners.splice(0)) await runner.drain(1000);
}

async function startRunner(slots: number): Promise<void> {
  const runner = new Runner({ db: harness.db, databaseUrl: harness.url, slots, workDir: harness.workDir, log: () => {}, pollMs: 60_000 });
  await runner.start();
  runners.push(runner);
}

// A goal that never converges (its one layer fails), with the agent and settings given.
function goalSpec(agentCommand: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    intent: "A target that never holds.",
    workspace: { repo, ref: "main" },
    agent: { executor: "command", command: agentCommand },
    metrics: [{ metric: "t.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "t", run: "false", parse: "exit-code" }] },
    stop: { maxIterations: 20, stallIterations: 20 },
    ...extra,
  };
}

// The earlier tests' goals never converge: a runner started next must take the goal of its own test, not one of them.
async function cancelUnfinished(): Promise<void> {
  const ended = ["Cancelled", "Failed", "Converged", "Stalled", "Exhausted"];
  for (const goal of await harness.db.goal.findMany({ where: { phase: { notIn: ended } }, select: { name: true } }))
    await controlGoal(harness.db, goal.name, "cancel", "alice");
}

async function commits(): Promise<number> {
  const [row] = await harness.db.$queryRaw<{ n: bigint }[]>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`;
  return Number(row.n);
}

const processesRunning = (command: string) => {
  try {
    return Number(
      execFileSync("pgrep", ["-fc", `^${command.replace(/\./g, "\\.")}$`])
        .toString()
        .trim(),
    );
  } catch {
    return 0; // pgrep exits 1 when none matches
  }
};

test("a pause or cancel sent while the runner parks the goal (at an approval gate, into a retry backoff) is carried out, not lost", async () => {
  // The park's transaction made 1.5 s long, as a slow commit would make it: the request lands inside it.
  await harness.db.$executeRawUnsafe(`CREATE FUNCTION slow_park() RETURNS trigger AS $$ BEGIN
    IF NEW.phase <> OLD.phase AND (NEW.phase = 'AwaitingApproval' OR NEW.reason = 'RetryBackoff') THEN PERFORM pg_sleep(1.5); END IF;
    RETURN NEW; END $$ LANGUAGE plpgsql`);
  await harness.db.$executeRawUnsafe(`CREATE TRIGGER slow_park BEFORE UPDATE ON "Goal" FOR EACH ROW EXECUTE FUNCTION slow_park()`);
  try {
    await startRunner(2);
    const cases = [
      { name: "cancel-at-gate", action: "cancel", spec: goalSpec("true", { approval: { policy: "every-iteration" } }), ends: "Cancelled" },
      { name: "pause-in-backoff", action: "pause", spec: goalSpec("false", { retry: { maxAgentFailures: 5, backoffSeconds: 30 } }), ends: "Paused" },
    ] as const;
    for (const each of cases) {
      await harness.apply(each.name, each.spec);
      await harness.waitFor(`${each.name}'s park to be under way`, async () => {
        const [row] = await harness.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'`;
        return row.n > 0;
      });
      await controlGoal(harness.db, each.name, each.action, "alice");
      // Lost, it stayed AwaitingApproval or Queued with desired Cancel or Pause and no lease, for good or 30 s.
      const goal = await harness.waitForPhase(each.name, [each.ends], 10_000);
      assert.equal(goal.leaseOwner, null, `${each.name}: the lease is let go`);
    }
  } finally {
    await harness.db.$executeRawUnsafe(`DROP TRIGGER slow_park ON "Goal"`);
  }
});

test("idle runners wait for the lease of a queued goal they cannot claim yet, rather than asking every 5 ms", async () => {
  await stopRunners(); // none may claim the goal before it is leased below
  await harness.apply("claimed-elsewhere", goalSpec("true"));
  // As a runner leaves it between its claim and its first write, had it died there: queued, due, leased.
  await harness.db.$executeRaw`
    UPDATE "Goal" SET "leaseOwner" = 'gone', "leaseEpoch" = "leaseEpoch" + 1, "leaseExpiresAt" = timezone('UTC', now()) + interval '8 seconds'
    WHERE name = 'claimed-elsewhere'`;
  await startRunner(4);
  await sleep(1500);
  const before = await commits();
  await sleep(3000);
  const spent = (await commits()) - before;
  // Looking every 5 ms, 4 slots of one runner committed about 3,000 transactions in these 3 seconds.
  assert.ok(spent < 100, `${spent} commits in 3 s while the goal's lease had seconds to run`);
  const taken = await harness.waitFor(
    "the goal to be taken over at its lease's end",
    async () => {
      const goal = await harness.goal("claimed-elsewhere");
      return goal.leaseOwner !== "gone" && goal.leaseOwner !== null ? goal : null;
    },
    15_000,
  );
  assert.ok(taken.leaseOwner, "claimed by the runner");
});

test("a running goal whose runner died is taken over when its lease ends, not at the next safety poll", async () => {
  await stopRunners(); // the runner that dies must be the one to claim it
  await cancelUnfinished();
  const doomed = harness.spawnRunner({ SETPOINT_RUNNERS: "1", SETPOINT_LEASE_SECONDS: "3" });
  await harness.apply("orphaned", goalSpec("sleep 30"));
  const holder = await harness.waitFor("orphaned to be claimed", async () => (await harness.goal("orphaned")).leaseOwner);
  await startRunner(2); // idle: one slot to take it over, one for the next test
  await sleep(500);
  doomed.kill("SIGKILL");
  await exited(doomed);
  const endsAt = (await harness.goal("orphaned")).leaseExpiresAt!.getTime();
  await harness.waitFor(
    "a takeover",
    async () => {
      const goal = await harness.goal("orphaned");
      return goal.leaseOwner !== holder && goal.leaseOwner !== null;
    },
    30_000,
  );
  const late = Date.now() - endsAt;
  assert.ok(late < 1500, `taken over ${late} ms after the lease ended (the safety poll here is a minute)`);
});

test("deleting a goal whose agent is running stops the agent at once, not at the next heartbeat", async () => {
  const agent = "sleep 41.7";
  await harness.apply("deleted-mid-agent", goalSpec(agent));
  await harness.waitFor("the agent to run", async () => processesRunning(agent) > 0, 30_000);
  const deletedAt = Date.now();
  await deleteGoal(harness.db, "deleted-mid-agent", "alice");
  await harness.waitFor("the agent to stop", async () => processesRunning(agent) === 0, 15_000);
  const took = Date.now() - deletedAt;
  assert.ok(took < 3000, `the agent stopped ${took} ms after the delete (a heartbeat is 10 s)`);
});

test("cancelling a best-of-N goal stops its candidates' agents on every runner at once, not at their next lease renewal", async () => {
  await stopRunners();
  await cancelUnfinished();
  const agent = "sleep 42.9";
  await harness.apply("cancelled-candidates", goalSpec(agent, { strategy: { candidates: 2 } }));
  await startRunner(1); // the holder, which tries one candidate itself
  await harness.waitFor("the holder's candidate to run", async () => processesRunning(agent) === 1, 30_000);
  await startRunner(1); // claims the other
  await harness.waitFor("both candidates' agents to run", async () => processesRunning(agent) === 2, 30_000);
  const cancelledAt = Date.now();
  await controlGoal(harness.db, "cancelled-candidates", "cancel", "alice");
  await harness.waitFor("both agents to stop", async () => processesRunning(agent) === 0, 15_000);
  const took = Date.now() - cancelledAt;
  assert.ok(took < 3000, `the candidates' agents stopped ${took} ms after the cancel (a candidate's lease is renewed every 10 s)`);
  const goal = await harness.waitForPhase("cancelled-candidates", ["Cancelled"], 15_000);
  await harness.waitFor("the candidates' rows to be let go", async () => {
    const running = await harness.db.candidate.count({ where: { goalId: goal.id, phase: "Running" } });
    return running === 0;
  });
});

test("cancelling a best-of-N goal whose holder died stops the candidate still running on another runner at once", async () => {
  await stopRunners();
  await cancelUnfinished();
  const agent = "sleep 43.1";
  await harness.apply("orphaned-candidates", goalSpec(agent, { strategy: { candidates: 2 } }));
  const doomed = harness.spawnRunner({ SETPOINT_RUNNERS: "1", SETPOINT_LEASE_SECONDS: "3" });
  await harness.waitFor("the holder's candidate to run", async () => processesRunning(agent) === 1, 30_000);
  await startRunner(1);
  await harness.waitFor("both candidates' agents to run", async () => processesRunning(agent) === 2, 30_000);
  doomed.kill("SIGKILL");
  await exited(doomed);
  await harness.waitFor("the holder's lease to end", async () => (await harness.goal("orphaned-candidates")).leaseExpiresAt! < new Date());
  const cancelledAt = Date.now();
  await controlGoal(harness.db, "orphaned-candidates", "cancel", "alice");
  await harness.waitFor("the other runner's agent to stop", async () => processesRunning(agent) === 0, 15_000);
  const took = Date.now() - cancelledAt;
  assert.ok(took < 3000, `the candidate's agent stopped ${took} ms after the cancel (its lease is renewed every 10 s)`);
});

// spec.dependsOn with a real runner: a goal waits in the queue until the goals it names have
// converged, without holding up the goals behind it; a cycle is refused at apply.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import pg from "pg";
import { QUEUE_CHANNEL } from "../../server/events/record-event";
import { applyGoals, validateManifest } from "../../server/goals/apply-goal";
import { previewApply } from "../../server/goals/preview-apply";
import { setPhase } from "../../server/goals/set-phase";
import type { UserError } from "../../server/goals/user-error";
import { claimNextGoal, msUntilNextDue } from "../../server/queue/claim-next-goal";
import { API_VERSION } from "../../server/spec/goal-spec";
import { calculatorSpec, ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
let harness: Harness;
let api: { url: string; token: string };

before(async () => {
  harness = await startHarness();
  api = await harness.serveApi();
});
after(async () => {
  await harness.close();
});

// Converges on its baseline: the one layer always passes.
function quickSpec(repo: string, overrides: Record<string, unknown> = {}) {
  return {
    intent: "Keep the check passing.",
    workspace: { repo, ref: "main" },
    agent: { executor: "demo" },
    metrics: [{ metric: "check.ok", target: "== 1" }],
    evaluation: { layers: [{ name: "check", run: "true" }] },
    ...overrides,
  };
}

const manifest = (name: string, spec: Record<string, unknown>) => validateManifest({ apiVersion: API_VERSION, kind: "Goal", metadata: { name }, spec });

async function refusal(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  assert.ok(error, "the apply was refused");
  return error as UserError;
}

test("a dependency cycle is refused at apply on spec.dependsOn, naming the cycle, whether it is in one batch, closes on stored goals, or is a goal naming itself", async () => {
  const repo = await harness.sampleRepo("cycles");
  const self = await refusal(harness.apply("selfish", quickSpec(repo, { dependsOn: ["selfish"] })));
  assert.deepEqual(self.issues, [{ path: "spec.dependsOn", message: "a goal cannot depend on itself (selfish → selfish)" }]);

  const batch = await refusal(
    applyGoals(harness.db, [manifest("ping", quickSpec(repo, { dependsOn: ["pong"] })), manifest("pong", quickSpec(repo, { dependsOn: ["ping"] }))], "test"),
  );
  assert.equal(batch.issues[0].path, "spec.dependsOn");
  assert.match(batch.issues[0].message, /ping → pong → ping/);
  assert.equal(await harness.db.goal.count({ where: { name: { in: ["selfish", "ping", "pong"] } } }), 0, "a refused batch applies nothing");

  // Stored: first → second → third is fine; third → first closes it.
  await harness.apply("first", quickSpec(repo, { dependsOn: ["second"] }));
  await harness.apply("second", quickSpec(repo, { dependsOn: ["third"] }));
  const file = path.join(harness.dir, "third.yaml");
  fs.writeFileSync(
    file,
    `apiVersion: ${API_VERSION}\nkind: Goal\nmetadata: { name: third }\nspec:\n  intent: close the loop\n  workspace: { repo: ${repo}, ref: main }\n  agent: { executor: demo }\n  metrics: [{ metric: check.ok, target: "== 1" }]\n  evaluation: { layers: [{ name: check, run: "true" }] }\n  dependsOn: [first]\n`,
  );
  const cli = await exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "apply", "-f", file], {
    cwd: harness.dir,
    env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token },
  }).then(
    () => ({ code: 0, stderr: "" }),
    (error: { code: number; stderr: string }) => error,
  );
  assert.equal(cli.code, 1, cli.stderr);
  assert.match(cli.stderr, /spec\.dependsOn: would make a dependency cycle: third → first → second → third/);
  assert.equal(await harness.db.goal.count({ where: { name: "third" } }), 0);
  // The form's Validate says the same before anything is saved.
  const preview = await refusal(
    previewApply(harness.db, { apiVersion: API_VERSION, kind: "Goal", metadata: { name: "third" }, spec: quickSpec(repo, { dependsOn: ["first"] }) }),
  );
  assert.match(preview.issues[0].message, /third → first → second → third/);
  await harness.db.goal.deleteMany({ where: { name: { in: ["first", "second"] } } });
});

test("a convergence that frees a dependent wakes idle runners at once (NOTIFY setpoint_queue)", async () => {
  const repo = await harness.sampleRepo("wake");
  await harness.apply("wake-dependent", quickSpec(repo, { dependsOn: ["wake-dependency"] }));
  await harness.apply("wake-dependency", quickSpec(repo));
  const listener = new pg.Client({ connectionString: harness.url });
  await listener.connect();
  let woken = 0;
  listener.on("notification", () => {
    woken++;
  });
  await listener.query(`LISTEN ${QUEUE_CHANNEL}`);
  try {
    const dependency = await harness.goal("wake-dependency");
    // As a runner parks a goal it converged (no runner is started yet in this file).
    await harness.db.$transaction((tx) => setPhase(tx, dependency.id, { phase: "Converged", reason: "TargetsMet", message: "every target holds" }));
    await harness.waitFor("a queue notification", async () => woken > 0, 5000);
    const dependent = await harness.goal("wake-dependent");
    assert.equal(dependent.reason, "DependenciesConverged");
  } finally {
    await listener.end();
    await harness.db.goal.deleteMany({ where: { name: { in: ["wake-dependent", "wake-dependency"] } } });
  }
});

test("a goal that depends on another waits in Queued (WaitingForDependencies) until it converges, does not hold up the queue behind it, and then converges", async () => {
  const repoA = await harness.sampleRepo("upstream");
  const repoB = await harness.sampleRepo("downstream");
  // Applied first, so it is first in the queue; its dependency does not exist yet.
  await harness.apply("downstream", quickSpec(repoB, { dependsOn: ["upstream"] }));
  let downstream = await harness.goal("downstream");
  assert.equal(downstream.phase, "Queued");
  assert.equal(downstream.reason, "WaitingForDependencies");
  assert.equal(downstream.message, "waits for upstream to converge (no goal is named upstream yet)");
  assert.equal(await msUntilNextDue(harness.db), null, "a waiting goal is not due, so idle runners do not spin on it");
  assert.equal(await claimNextGoal(harness.db, "probe"), null, "a waiting goal cannot be claimed");

  await harness.apply("upstream", calculatorSpec(repoA));
  downstream = await harness.goal("downstream");
  assert.equal(downstream.message, "waits for upstream to converge");

  // One slot: if the waiting goal blocked the queue, upstream would never run.
  await harness.startRunner(1);
  await harness.waitForPhase("upstream", ["Running"]);
  assert.equal((await harness.goal("downstream")).phase, "Queued");
  const upstream = await harness.waitForPhase("upstream", ["Converged", "Failed", "Stalled", "Exhausted"], 120_000);
  assert.equal(upstream.phase, "Converged", upstream.message);
  downstream = await harness.waitForPhase("downstream", ["Converged", "Failed", "Stalled", "Exhausted"], 60_000);
  assert.equal(downstream.phase, "Converged", downstream.message);

  const converged = await harness.db.event.findFirstOrThrow({ where: { goalName: "upstream", type: "Converged" } });
  const events = await harness.db.event.findMany({ where: { goalName: "downstream" }, orderBy: { id: "asc" } });
  const started = events.find((event) => event.type === "Running");
  assert.ok(started && started.id > converged.id, "downstream started only after upstream converged");
  const freed = events.find((event) => event.reason === "DependenciesConverged");
  assert.ok(freed && freed.id > converged.id && freed.id < started.id);
  assert.equal(freed.message, "every goal it depends on has converged (upstream)");
});

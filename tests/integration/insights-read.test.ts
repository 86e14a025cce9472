// Insights over a period, from goals, iterations and the phase changes that ended their runs: per executor
// and model, repository and label; through the domain read, the API (a bad grouping is a 400 naming the
// field) and `setpoint stats`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { insightsQuerySchema } from "../../server/insights/insights-query";
import { readInsights } from "../../server/insights/read-insights";
import { ROOT, startHarness, type Harness } from "../helpers/loop-harness";

const exec = promisify(execFile);
let harness: Harness;
const MINUTE = 60_000;
const DAY = 86_400_000;
const now = new Date();
const t0 = new Date(now.getTime() - 2 * DAY); // two days ago

before(async () => {
  harness = await startHarness();
  // alpha (demo, /repo/one, team=red): a run that converged after 3 agent iterations, then a re-run that stalled.
  await goal("alpha", { executor: "demo" }, "/repo/one", { team: "red" }, [
    run(0, [0, 0.1, 0.1, 0.1], "Converged", "TargetsMet"),
    run(30, [0, 0.2, 0.2], "Stalled", "Stalled"),
  ]);
  // beta (command, model m1, /repo/two, team=blue): converged after 1 agent iteration, then after 4 more.
  await goal("beta", { executor: "command", command: "true", model: "m1" }, "/repo/two", { team: "blue" }, [
    run(0, [0, 0.5], "Converged", "TargetsMet"),
    run(60, [0, 0.1, 0.1, 0.1, 0.1], "Converged", "TargetsMet"),
  ]);
  // gamma (demo, /repo/one, no team): its agent kept failing.
  await goal("gamma", { executor: "demo" }, "/repo/one", {}, [run(0, [0, 0.05, 0.05], "Failed", "AgentFailing")]);
  // delta ended 40 days ago: outside a 30-day period.
  await goal("delta", { executor: "demo" }, "/repo/one", { team: "red" }, [run(-40 * 24 * 60, [0, 9], "Converged", "TargetsMet")]);
});
after(async () => {
  await harness.close();
});

type Run = { startMinute: number; costs: number[]; outcome: string; reason: string };
const run = (startMinute: number, costs: number[], outcome: string, reason: string): Run => ({ startMinute, costs, outcome, reason });

// Each run: a baseline (the first cost, a re-measure after the first run) and agent iterations a minute apart,
// then the phase change that ended it, a minute after the last.
async function goal(name: string, agent: Record<string, unknown>, repo: string, labels: Record<string, string>, runs: Run[]) {
  await harness.apply(
    name,
    {
      intent: "make it so",
      workspace: { repo },
      agent,
      metrics: [{ metric: "tests.pass_ratio", target: ">= 1" }],
      evaluation: { layers: [{ name: "tests", run: "true" }] },
    },
    labels,
  );
  const { id } = await harness.goal(name);
  let number = 0;
  for (const { startMinute, costs, outcome, reason } of runs) {
    const at = (minute: number) => new Date(t0.getTime() + (startMinute + minute) * MINUTE);
    for (const [n, costUsd] of costs.entries()) {
      await harness.db.iteration.create({
        data: {
          goalId: id,
          number,
          generation: 1,
          phase: "Evaluated",
          leaseEpoch: 1,
          costUsd,
          commit: `c${number}`,
          fromIteration: n === 0 ? null : number - 1,
          startedAt: at(n),
          finishedAt: at(n + 1),
        },
      });
      number++;
    }
    await harness.db.event.create({ data: { goalId: id, goalName: name, type: outcome, reason, createdAt: at(costs.length + 1) } });
  }
}

test("per executor and model: runs ended in the period by outcome, medians to converge, spend, why runs stopped short", async () => {
  const insights = await readInsights(harness.db, insightsQuerySchema.parse({ days: 30 }), now);
  const byName = Object.fromEntries(insights.rows.map((row) => [`${row.key}/${row.model}`, row]));
  assert.deepEqual(Object.keys(byName).sort(), ["command/m1", "demo/null"]);

  const demo = byName["demo/null"];
  assert.equal(demo.goals, 2, "alpha and gamma; delta ended before the period");
  assert.deepEqual(demo.runs, { Converged: 1, Stalled: 1, Failed: 1, Exhausted: 0 });
  assert.equal(demo.convergenceRate, 1 / 3);
  assert.equal(demo.toConverge.iterations, 3);
  assert.ok(Math.abs(demo.toConverge.costUsd! - 0.3) < 1e-9);
  assert.equal(demo.toConverge.minutes, 5, "from its baseline starting to the Converged event");
  assert.ok(Math.abs(demo.costUsd - (0.3 + 0.4 + 0.1)) < 1e-9, "everything alpha and gamma spent in the period");

  const command = byName["command/m1"];
  assert.deepEqual(command.runs, { Converged: 2, Stalled: 0, Failed: 0, Exhausted: 0 });
  assert.equal(command.convergenceRate, 1);
  assert.equal(command.toConverge.iterations, 2.5, "the median of 1 and 4: each run counts its own iterations only");
  assert.ok(Math.abs(command.toConverge.costUsd! - 0.45) < 1e-9, "the median of $0.50 and $0.40");

  assert.deepEqual(insights.totals.runs, { Converged: 3, Stalled: 1, Failed: 1, Exhausted: 0 });
  assert.equal(insights.costPerDay.length, 30);
  assert.equal(insights.costPerDay.at(-1)!.day, now.toISOString().slice(0, 10), "the period ends today");
  assert.equal(insights.lastDay, now.toISOString().slice(0, 10));
  assert.ok(Math.abs(insights.costPerDay.reduce((sum, day) => sum + day.costUsd, 0) - insights.totals.costUsd) < 1e-9);
  assert.deepEqual(insights.endings, [
    { outcome: "Failed", reason: "AgentFailing", runs: 1 },
    { outcome: "Stalled", reason: "Stalled", runs: 1 },
  ]);
  assert.ok(Array.isArray(insights.gaming), "gaming counts come with the executor grouping");

  const longer = await readInsights(harness.db, insightsQuerySchema.parse({ days: 60 }), now);
  assert.equal(longer.rows.find((row) => row.key === "demo")!.runs.Converged, 2, "60 days reach delta's run");
});

test("by repository and by a label's value, goals without the label together", async () => {
  const repos = await readInsights(harness.db, insightsQuerySchema.parse({ by: "repo" }), now);
  assert.deepEqual(
    repos.rows.map((row) => [row.key, row.runs.Converged, row.goals]),
    [
      ["/repo/one", 1, 2],
      ["/repo/two", 2, 1],
    ],
  );
  const teams = await readInsights(harness.db, insightsQuerySchema.parse({ by: "label:team" }), now);
  assert.deepEqual(
    teams.rows.map((row) => [row.key, row.runs]).sort(),
    [
      ["blue", { Converged: 2, Stalled: 0, Failed: 0, Exhausted: 0 }],
      ["red", { Converged: 1, Stalled: 1, Failed: 0, Exhausted: 0 }],
      [null, { Converged: 0, Stalled: 0, Failed: 1, Exhausted: 0 }],
    ].sort(),
  );
  assert.equal(teams.gaming, null);
});

test("the API answers the same read; a bad grouping or period is a 400 naming the field; `setpoint stats` prints it", async () => {
  const api = await harness.serveApi();
  const get = (input: unknown) =>
    fetch(`${api.url}/api/trpc/insights.read?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { authorization: `Bearer ${api.token}` } });
  const ok = await get({ by: "repo", days: 7 });
  assert.equal(ok.status, 200);
  assert.equal((await ok.json()).result.data.rows.length, 2);
  for (const [input, field] of [
    [{ by: "owner" }, "by"],
    [{ days: 0 }, "days"],
    [{ days: 1.5 }, "days"],
  ] as const) {
    const bad = await get(input);
    assert.equal(bad.status, 400, JSON.stringify(input));
    const issues = (await bad.json()).error.data.issues as { path: string }[];
    assert.deepEqual(
      issues.map((issue) => issue.path),
      [field],
    );
  }

  const cli = (...args: string[]) =>
    exec(process.execPath, [path.join(ROOT, "bin/setpoint.mjs"), "stats", ...args], {
      cwd: harness.dir,
      env: { ...process.env, SETPOINT_URL: api.url, SETPOINT_TOKEN: api.token },
    });
  const { stdout } = await cli();
  const lines = stdout.split("\n");
  assert.match(lines[0], new RegExp(`^Runs that ended in the last 30 days \\(\\d{4}-\\d\\d-\\d\\d to ${now.toISOString().slice(0, 10)}, UTC\\), by executor`));
  assert.deepEqual(lines[1].split(/\s{3,}/), [
    "EXECUTOR",
    "GOALS",
    "CONVERGED",
    "STALLED",
    "FAILED",
    "EXHAUSTED",
    "CONVERGED%",
    "ITERATIONS",
    "COST",
    "TIME",
    "SPENT",
  ]);
  assert.deepEqual(lines[2].split(/\s{3,}/), ["demo", "2", "1", "1", "1", "0", "33%", "3", "$0.30", "5m", "$0.80"]);
  assert.deepEqual(lines[3].split(/\s{3,}/), ["command · m1", "1", "2", "0", "0", "0", "100%", "2.5", "$0.45", "4m", "$0.90"]);
  assert.match(stdout, /Why runs stopped short:\nOUTCOME\s+REASON\s+RUNS\nFailed\s+AgentFailing\s+1\nStalled\s+Stalled\s+1\n/);

  const json = JSON.parse((await cli("--by", "label:team", "-o", "json")).stdout);
  assert.equal(json.by, "label:team");
  await assert.rejects(
    cli("--days", "soon"),
    (error: { code: number; stderr: string }) => error.code === 1 && /--days must be a whole number from 1 to 3650; found 'soon'/.test(error.stderr),
  );
  await assert.rejects(
    cli("--by", "owner"),
    (error: { code: number; stderr: string }) => error.code === 1 && /by.*must be executor, repo or label:KEY/.test(error.stderr),
  );
});

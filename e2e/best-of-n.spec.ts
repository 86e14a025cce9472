// Best of N in the browser: an iteration that ran three candidates shows them side by side with the kept one
// and why, and at its gate a person keeps another candidate than the automatic best, with a comment. The
// goal is applied paused (no runner takes it); the iteration and its candidates are written as a runner would.
import { adminToken, demoManifest, expect, saveScreenshot, test, withDatabase } from "./fixtures";

const GOAL = "e2e-best-of-n";

const layers = (number: number, passRatio: number) => [
  {
    name: "tests",
    position: 0,
    kind: "run",
    ok: passRatio === 1,
    metrics: { "tests.pass_ratio": passRatio },
    log: `ok ${number} - tests of candidate ${number}`,
    exitCode: passRatio === 1 ? 0 : 1,
    durationMs: 900,
    comments: null,
    hiddenFailed: null,
  },
  {
    name: "lint",
    position: 1,
    kind: "run",
    ok: true,
    metrics: { "lint.ok": 1 },
    log: "no lint",
    exitCode: 0,
    durationMs: 300,
    comments: null,
    hiddenFailed: null,
  },
];

const diff = (number: number) =>
  `diff --git a/src/calc.js b/src/calc.js\n--- a/src/calc.js\n+++ b/src/calc.js\n@@ -1,2 +1,2 @@\n-export const divide = (a, b) => a * b;\n+export const divide = (a, b) => a / b; // candidate ${number}\n`;

// Candidate 1 meets both targets (the automatic best); 2 is a smaller change that meets one; 3's agent failed.
const CANDIDATES = [
  {
    number: 1,
    phase: "Evaluated",
    executor: "demo",
    model: null,
    passRatio: 1,
    lines: 6,
    cost: 0.12,
    verdict: "kept: meets 2 of 2 targets, the most",
    winner: true,
  },
  {
    number: 2,
    phase: "Evaluated",
    executor: "demo",
    model: "m-2",
    passRatio: 0.9,
    lines: 2,
    cost: 0.05,
    verdict: "lost: meets 1 of 2 targets (candidate 1 meets 2)",
    winner: false,
  },
  { number: 3, phase: "AgentFailed", executor: "demo", model: null, passRatio: 0, lines: 0, cost: 0.02, verdict: "lost: its agent failed", winner: false },
];

async function seedIteration(): Promise<void> {
  await withDatabase(async (run) => {
    const metrics = (passRatio: number) => JSON.stringify({ "tests.pass_ratio": passRatio, "lint.ok": 1 });
    await run(
      `INSERT INTO "Iteration" (id, "goalId", number, generation, phase, commit, metrics, accepted, "leaseEpoch", "finishedAt")
      SELECT gen_random_uuid(), id, 0, 1, 'Evaluated', 'base0000', $1::jsonb, true, 1, now() FROM "Goal" WHERE name = $2`,
      [metrics(0.5), GOAL],
    );
    await run(
      `INSERT INTO "Iteration" (id, "goalId", number, generation, phase, "fromIteration", "fromCommit", commit, metrics, diff, "changedFiles", executor,
        approval, "approvalRequestedAt", "leaseEpoch", "finishedAt", candidates, winner, "costUsd", "agentOutput")
      SELECT gen_random_uuid(), id, 1, 1, 'Evaluated', 0, 'base0000', 'cand1111', $1::jsonb, $2, 1, 'demo', 'pending', now(), 1, now(), 3, 1, 0.19, 'candidate 1 done' FROM "Goal" WHERE name = $3`,
      [metrics(1), diff(1), GOAL],
    );
    const iteration = `(SELECT i.id FROM "Iteration" i JOIN "Goal" g ON g.id = i."goalId" WHERE g.name = '${GOAL}' AND i.number = 1)`;
    for (const layer of layers(1, 1)) {
      await run(
        `INSERT INTO "LayerResult" (id, "iterationId", name, position, kind, ok, metrics, log, "exitCode", "durationMs") VALUES (gen_random_uuid(), ${iteration}, $1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
        [layer.name, layer.position, layer.kind, layer.ok, JSON.stringify(layer.metrics), layer.log, layer.exitCode, layer.durationMs],
      );
    }
    for (const c of CANDIDATES) {
      const measured = c.phase === "Evaluated";
      await run(
        `INSERT INTO "Candidate" (id, "iterationId", "goalId", number, phase, executor, model, "fromCommit", commit, metrics, diff, "changedFiles", "changedLines",
          "costUsd", "agentMs", "evalMs", layers, winner, verdict, "agentError", "startedAt", "finishedAt")
        SELECT gen_random_uuid(), ${iteration}, g.id, $1, $2, $3, $4, 'base0000', $5, $6::jsonb, $7, $8, $9, $10, $11, 1200, $12::jsonb, $13, $14, $15, now(), now() FROM "Goal" g WHERE g.name = $16`,
        [
          c.number,
          c.phase,
          c.executor,
          c.model,
          measured ? `cand${String(c.number).repeat(4)}` : null,
          measured ? metrics(c.passRatio) : "{}",
          measured ? diff(c.number) : "",
          measured ? 1 : 0,
          c.lines,
          c.cost,
          20_000 + c.number * 1000,
          JSON.stringify(measured ? layers(c.number, c.passRatio) : []),
          c.winner,
          c.verdict,
          measured ? null : "the agent exited 1",
          GOAL,
        ],
      );
    }
  });
}

test("the candidates side by side with the kept one and why, and a person keeps another at the gate", async ({ page }, testInfo) => {
  const answer = await page.request.post("/api/trpc/goals.applyManifests", {
    headers: { authorization: `Bearer ${adminToken()}` },
    data: {
      manifests: [
        demoManifest(GOAL, {
          approval: { policy: "every-iteration", fourEyes: false },
          strategy: { candidates: 3, executors: ["demo", { executor: "demo", model: "m-2" }] },
        }),
      ],
      paused: true,
    },
  });
  expect(answer.status(), await answer.text()).toBe(200);
  await seedIteration();

  await page.goto(`/goals/${GOAL}/iterations/1`);
  const cards = page.getByTestId("candidate");
  await expect(cards).toHaveCount(3);
  const card = (number: number) => page.locator(`[data-testid="candidate"][data-number="${number}"]`);
  await expect(card(1)).toHaveAttribute("data-winner", "true");
  await expect(card(1).getByTestId("candidate-winner")).toHaveText("kept");
  await expect(card(1).getByTestId("candidate-verdict")).toHaveText("kept: meets 2 of 2 targets, the most");
  await expect(card(2).getByTestId("candidate-verdict")).toContainText("lost: meets 1 of 2 targets");
  await expect(card(2)).toContainText("m-2");
  await expect(card(2).locator('[data-metric="tests.pass_ratio"]')).toHaveAttribute("data-met", "false");
  await expect(card(1).locator('[data-metric="tests.pass_ratio"]')).toHaveAttribute("data-met", "true");
  await expect(card(3)).toHaveAttribute("data-phase", "AgentFailed");
  // Each candidate's diff and layer logs open in place.
  await card(2).getByTestId("candidate-diff").locator(":scope > summary").click();
  await expect(card(2).getByTestId("diff-view")).toContainText("candidate 2");
  await card(2).getByTestId("candidate-layers").locator(":scope > summary").click();
  await expect(card(2).locator('[data-testid="layer-result"][data-layer="tests"]')).toHaveAttribute("data-ok", "false");
  await saveScreenshot(page, testInfo, "candidates-side-by-side");

  // The gate offers the measured candidates, the automatic best chosen.
  const gate = page.getByTestId("approval-gate");
  await expect(gate.getByTestId("candidate-choice-1")).toBeChecked();
  await expect(gate.getByTestId("candidate-choice-3")).toHaveCount(0);
  await gate.getByTestId("candidate-choice-2").check();
  await gate.getByTestId("approval-comment").fill("The smaller change; the last test is flaky on main.");
  await saveScreenshot(page, testInfo, "gate-picks-candidate-2");
  await gate.getByTestId("approve-button").click();

  await expect(page.getByTestId("approval-state")).toHaveAttribute("data-state", "approved");
  await expect(card(2)).toHaveAttribute("data-winner", "true");
  await expect(card(1)).toHaveAttribute("data-winner", "false");
  await expect(card(2).getByTestId("candidate-verdict")).toHaveText("picked by admin: The smaller change; the last test is flaky on main.");
  // The iteration now holds candidate 2's measurements and layers.
  await expect(page.locator('#metrics [data-metric="tests.pass_ratio"]')).toHaveAttribute("data-met", "false");
  await expect(page.locator('#evaluation [data-testid="layer-result"][data-layer="tests"]')).toHaveAttribute("data-ok", "false");
  await saveScreenshot(page, testInfo, "candidate-2-kept");

  const read = await page.request.get(`/api/trpc/iterations.candidates?input=${encodeURIComponent(JSON.stringify({ name: GOAL, number: 1 }))}`, {
    headers: { authorization: `Bearer ${adminToken()}` },
  });
  expect((await read.json()).result.data.winner).toBe(2);

  // Insights count the win for the agent whose candidate was kept.
  await page.goto("/insights?days=1");
  const wins = page.getByTestId("candidate-wins");
  await expect(wins.locator('tr[data-executor="demo"][data-model="m-2"]')).toContainText("1 (100%)");
  await expect(wins.locator('tr[data-executor="demo"][data-model=""]')).toContainText("0 (0%)");
});

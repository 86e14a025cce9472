// A minute of `npm run chaos` (scripts/chaos.ts): runner processes SIGKILLed every few seconds, Postgres
// restarted half-way and a runner frozen past its lease, while stand-in goals converge; the books must balance. The long run
// (3 minutes, 4 runners, 100 goals) is documented in docs/BENCHMARKS.md under "Faults".
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");

type ChaosResult = {
  goals: number;
  terminal: number;
  converged: number;
  lost: number;
  duplicates: number;
  miscounted: number;
  runnerErrors: number;
  kills: number;
  killsMidIteration: number;
  pauses: number;
  pausedLeasesLost: number;
  maxRecoverySeconds: number | null;
  abandoned: number;
  postgresRestarts: number;
  runnerCrashes: number;
  ok: boolean;
};

function runChaos(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/chaos.ts"), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

test("a minute of SIGKILLs, a Postgres restart and a runner frozen past its lease: every goal converges, no iteration is lost or counted twice, takeovers within 60 s", {
  timeout: 8 * 60_000,
}, async (t) => {
  // A 5-s lease makes a dead runner's goals free within seconds, so a minute holds many takeovers.
  const { code, output } = await runChaos(["--minutes", "1", "--goals", "8", "--runners", "3", "--slots", "2", "--kill-every", "6", "--settle-minutes", "4"], {
    SETPOINT_LEASE_SECONDS: "5",
  });
  const last = output
    .trim()
    .split("\n")
    .findLast((line) => line.startsWith("{"));
  assert.ok(last, `the chaos run printed no JSON line:\n${output}`);
  t.diagnostic(last);
  const result = JSON.parse(last) as ChaosResult;
  const context = `\n${output}`;

  assert.equal(result.terminal, result.goals, `every goal ended${context}`);
  assert.equal(result.converged, result.goals, `every goal converged${context}`);
  assert.equal(result.lost, 0, `no started iteration was left without an outcome${context}`);
  assert.equal(result.duplicates, 0, `no iteration number was used twice, no iteration had two outcomes${context}`);
  assert.equal(result.miscounted, 0, `every iteration measured exactly its own edits${context}`);
  assert.equal(result.runnerErrors, 0, `no runner hit an error it did not expect (a stale write refused by a constraint is one)${context}`);
  assert.ok(result.kills >= 8, `runners were killed (${result.kills})${context}`);
  assert.ok(
    result.killsMidIteration >= 2 && result.abandoned >= 2,
    `kills landed mid-iteration and those iterations were redone (${result.killsMidIteration}, ${result.abandoned})${context}`,
  );
  assert.ok(
    result.maxRecoverySeconds !== null && result.maxRecoverySeconds <= 60,
    `every goal a killed runner held was taken over within 60 s (${result.maxRecoverySeconds})${context}`,
  );
  assert.equal(result.postgresRestarts, 1, `Postgres was restarted${context}`);
  assert.ok(
    result.pauses === 1 && result.pausedLeasesLost >= 1,
    `a runner frozen past its lease woke to find its goals taken over, and let go (${result.pausedLeasesLost})${context}`,
  );
  assert.equal(result.runnerCrashes, 0, `no runner died but the killed ones${context}`);
  assert.equal(result.ok, true, context);
  assert.equal(code, 0, context);
});

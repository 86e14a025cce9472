// A run layer's hidden checks (`hidden: { from, to }`): copied into the worktree only while that layer runs,
// after the agent finished and after its commit was recorded, and removed as soon as it ends, so no agent
// (nor a reviewer layer after it) ever finds them there and they are never committed. The layer's output is
// not stored or streamed, since a failing test prints its own source: its log says what was measured, the
// counts and the names of failing tests, nothing of the checks' contents.
import { cp, lstat, mkdir, readdir, realpath, rm } from "node:fs/promises";
import path from "node:path";
import type { GoalSpec, RunLayer } from "../spec/goal-spec";
import { hiddenSourceProblem, isHiddenLayer, isInside, type HiddenLayer } from "./hidden-source";
import { normaliseRepoPath } from "./normalise-repo-path";
import { hashFile } from "./protect-paths";
import { entryExists } from "../files/entry-exists";
import { runLayer, type RunLayerContext } from "./run-layer";
import type { LayerOutcome, MeasuredFile } from "./types";

// handOver: a root runner gives the copied files to the agent user, as whom the layer runs.
export type HiddenContext = RunLayerContext & { handOver?: (paths: string[]) => Promise<void> };

export async function runHiddenLayer(layer: HiddenLayer, ctx: HiddenContext): Promise<LayerOutcome> {
  const { from, to } = layer.hidden;
  const source = await checkedSource(from, ctx.cwd);
  if (typeof source !== "string") return refused(layer, source.problem);
  const relative = normaliseRepoPath(to);
  if (!relative.ok) return refused(layer, `hidden.to '${to}' ${relative.reason}`);
  const target = path.join(ctx.cwd, relative.path);
  // Protected (evaluation.protect covers every hidden target), so only the repository's own files can be there.
  if (await entryExists(target))
    return refused(layer, `hidden.to '${relative.path}' already exists in the repository; hidden checks are never copied over the repository's files`);
  const madeFrom = await firstMissingFolder(ctx.cwd, path.dirname(target));
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await cp(source, target, { recursive: true, errorOnExist: true, force: false, verbatimSymlinks: true });
    const copied = await listFiles(target, relative.path);
    await ctx.handOver?.([...copied, ...(madeFrom ? [path.relative(ctx.cwd, madeFrom)] : [])]);
    const measuredFiles: MeasuredFile[] = await Promise.all(
      copied.map(async (file) => ({ path: file, sha256: await hashFile(path.join(ctx.cwd, file)), kind: "hidden" as const })),
    );
    const outcome = await runLayer(layer, { ...ctx, onOutput: undefined });
    return { ...outcome, log: hiddenLog(outcome, copied.length, relative.path), measuredFiles };
  } finally {
    await rm(madeFrom ?? target, { recursive: true, force: true });
  }
}

// A layer with hidden checks failed while every other run layer (the visible checks) passed: the pattern of
// an agent that special-cased the tests it could see. Null for layers without hidden checks.
export function markHiddenFailed(spec: GoalSpec, outcomes: LayerOutcome[]): LayerOutcome[] {
  const layers = new Map(spec.evaluation.layers.map((layer) => [layer.name, layer]));
  const hidden = (outcome: LayerOutcome) => {
    const layer = layers.get(outcome.name);
    return layer !== undefined && isHiddenLayer(layer);
  };
  const visiblePassed = outcomes.filter((outcome) => outcome.kind === "run" && !hidden(outcome)).every((outcome) => outcome.ok);
  return outcomes.map((outcome) => (hidden(outcome) ? { ...outcome, hiddenFailed: !outcome.ok && visiblePassed } : outcome));
}

async function checkedSource(from: string, worktree: string): Promise<string | { problem: string }> {
  const problem = hiddenSourceProblem(from, null);
  if (problem) return { problem };
  let real: string;
  try {
    real = await realpath(from);
  } catch {
    return { problem: `hidden.from ${from} does not exist on this runner` };
  }
  if (isInside(real, await realpath(worktree))) return { problem: `hidden.from ${from} is inside the worktree` };
  return real;
}

function refused(layer: RunLayer, problem: string): LayerOutcome {
  return {
    name: layer.name,
    kind: "run",
    ok: false,
    metrics: { [`${layer.name}.exit_code`]: -1, [`${layer.name}.duration_s`]: 0 },
    log: `[setpoint] the hidden checks were not run: ${problem}`,
    exitCode: null,
    durationMs: 0,
    comments: null,
    measuredFiles: [],
  };
}

const FAILING_TAP = /^\s*not ok\s+\d+\s*(?:-\s*)?(.*?)\s*$/gm;

function hiddenLog(outcome: LayerOutcome, files: number, to: string): string {
  const failing = [...outcome.log.matchAll(FAILING_TAP)].map((match) => match[1].replace(/\s+#.*$/, "")).filter(Boolean);
  const metrics = Object.entries(outcome.metrics)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
  return [
    `[setpoint] hidden checks: ${files} ${files === 1 ? "file" : "files"} copied into ${to} for this layer only, removed after it; its output is not kept, since it can quote them`,
    `exit code ${outcome.exitCode ?? "none (timed out or killed)"}; measured ${metrics || "nothing"}`,
    ...(failing.length > 0 ? [`failing: ${failing.slice(0, 50).join("; ")}${failing.length > 50 ? `; and ${failing.length - 50} more` : ""}`] : []),
  ].join("\n");
}

async function listFiles(absolute: string, relative: string): Promise<string[]> {
  const stat = await lstat(absolute);
  if (!stat.isDirectory()) return [relative];
  const entries = await readdir(absolute);
  const nested = await Promise.all(entries.sort().map((name) => listFiles(path.join(absolute, name), `${relative}/${name}`)));
  return nested.flat();
}

// The outermost folder mkdir will make for the target, so removing it leaves the worktree as it was.
async function firstMissingFolder(root: string, folder: string): Promise<string | null> {
  let missing: string | null = null;
  for (let current = folder; current !== root && current.startsWith(root + path.sep); current = path.dirname(current)) {
    if (await entryExists(current)) break;
    missing = current;
  }
  return missing;
}

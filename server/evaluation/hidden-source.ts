// Where a run layer's hidden checks are kept (`hidden.from`), judged without running anything: what an apply
// checks (on the web server, so nothing here may start processes), what the runner checks again before each
// copy, and what a sandbox hides. Copying them in and running the layer is hidden-checks.ts.
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { GoalSpec, RunLayer } from "../spec/goal-spec";
import type { HiddenChecks } from "../spec/hidden-checks-spec";
import { judgeRepo, repoRoots } from "../workspace/repo-roots";

export type HiddenLayer = RunLayer & { hidden: HiddenChecks };

export function isHiddenLayer(layer: GoalSpec["evaluation"]["layers"][number]): layer is HiddenLayer {
  return "run" in layer && layer.hidden !== undefined;
}

// Null when `from` may be used: an absolute path outside the repository, and inside
// SETPOINT_REPO_ROOTS when set. The spec's schema checked its form; this checks this machine.
export function hiddenSourceProblem(from: string, repo: string | null): string | null {
  const verdict = judgeRepo(from, repoRoots());
  if (!verdict.allowed) return `hidden.from ${verdict.why}`;
  if (repo && !/^[a-z][a-z0-9+.-]*:\/\//i.test(repo) && isInside(realOrSelf(from), realOrSelf(repo))) {
    return `hidden.from ${from} is inside the repository (${repo}), where the agent can read it; keep hidden checks outside it`;
  }
  return null;
}

// An apply's check of every hidden source, each named by its field (the runner checks again before copying).
export function hiddenSourceProblems(spec: GoalSpec): { path: string; message: string }[] {
  return hiddenSources(spec).flatMap(({ index, from }) => {
    const problem = hiddenSourceProblem(from, spec.workspace.repo);
    return problem ? [{ path: `spec.evaluation.layers.${index}.hidden.from`, message: problem.replace(/^hidden\.from /, "") }] : [];
  });
}

// The spec's hidden sources, for the apply's checks and for the sandbox (which hides them from every command).
export function hiddenSources(spec: GoalSpec): { index: number; from: string }[] {
  return spec.evaluation.layers.flatMap((layer, index) => (isHiddenLayer(layer) ? [{ index, from: layer.hidden.from }] : []));
}

// What a sandbox covers with an empty folder: each source folder, or the folder holding a source file.
export function hiddenFolders(spec: GoalSpec): string[] {
  return hiddenSources(spec).flatMap(({ from }) => {
    const stat = statSync(from, { throwIfNoEntry: false });
    if (!stat) return [];
    return [stat.isDirectory() ? from : path.dirname(from)];
  });
}

export function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : `${parent}${path.sep}`);
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

// Admission checks on the iteration's diff: forbidden paths, allowed paths and a size limit.
// A violation is written in words, because it is handed to the agent in the next prompt.
import picomatch from "picomatch";
import type { PolicyLayer } from "../spec/goal-spec";
import { normaliseRepoPath } from "./normalise-repo-path";
import type { ChangedFile, LayerOutcome } from "./types";

export function evaluatePolicy(layer: PolicyLayer, changes: ChangedFile[]): LayerOutcome {
  const started = performance.now();
  const { forbidPaths, allowPaths, maxChangedLines } = layer.policy;
  const forbidden = forbidPaths.map((pattern) => ({ pattern, matches: matcher([pattern]) }));
  const allowed = allowPaths === undefined ? null : matcher(allowPaths);

  const violations: string[] = [];
  let changedLines = 0;
  for (const change of changes) {
    changedLines += change.added + change.deleted;
    const normal = normaliseRepoPath(change.path);
    if (!normal.ok) {
      violations.push(`${change.path} ${normal.reason}`);
      continue;
    }
    const hit = forbidden.find((rule) => rule.matches(normal.path));
    if (hit) violations.push(`${normal.path} is in forbidPaths '${hit.pattern}'`);
    if (allowed && !allowed(normal.path)) {
      violations.push(allowPaths!.length === 0
        ? `${normal.path} is changed, but allowPaths is empty: no path may change`
        : `${normal.path} is not in allowPaths ${allowPaths!.map((pattern) => `'${pattern}'`).join(", ")}`);
    }
  }
  if (maxChangedLines !== undefined && changedLines > maxChangedLines) {
    violations.push(`${changedLines} lines changed (added + deleted), more than maxChangedLines ${maxChangedLines}`);
  }

  const ok = violations.length === 0;
  const summary = `${changes.length} changed ${changes.length === 1 ? "file" : "files"}, ${changedLines} changed lines`;
  return {
    name: layer.name,
    kind: "policy",
    ok,
    metrics: {
      [`${layer.name}.ok`]: ok ? 1 : 0,
      [`${layer.name}.changed_lines`]: changedLines,
      [`${layer.name}.violations`]: violations.length,
    },
    log: ok ? `no violations: ${summary}` : [`${violations.length} ${violations.length === 1 ? "violation" : "violations"} in ${summary}:`, ...violations.map((line) => `- ${line}`)].join("\n"),
    exitCode: null,
    durationMs: Math.round(performance.now() - started),
    comments: ok ? null : violations.join("\n"),
  };
}

// "./src/**" is written as a path would be; "test/" means the folder and everything in it.
function matcher(patterns: string[]): (path: string) => boolean {
  const globs = patterns.map((pattern) => {
    const glob = pattern.replace(/^(\.\/)+/, "");
    return glob.endsWith("/") ? `${glob}**` : glob;
  });
  return picomatch(globs, { dot: true });
}

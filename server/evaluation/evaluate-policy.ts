// Admission checks on the iteration's diff: forbidden paths, allowed paths and a size limit.
// A violation is written in words, because it is handed to the agent in the next prompt.
import type { PolicyLayer } from "../spec/goal-spec";
import { repoPathSpellings, type RepoPath } from "./normalise-repo-path";
import { pathMatcher as matcher } from "./path-matcher";
import type { ChangedFile, LayerOutcome } from "./types";

type Rules = { forbidden: { pattern: string; matches: (path: string) => boolean }[]; allowed: ((path: string) => boolean) | null; allowPaths?: string[] };

export function evaluatePolicy(layer: PolicyLayer, changes: ChangedFile[]): LayerOutcome {
  const started = performance.now();
  const { forbidPaths, allowPaths, maxChangedLines } = layer.policy;
  const rules: Rules = {
    forbidden: forbidPaths.map((pattern) => ({ pattern, matches: matcher([pattern]) })),
    allowed: allowPaths === undefined ? null : matcher(allowPaths),
    allowPaths,
  };

  const violations: string[] = [];
  let changedLines = 0;
  for (const change of changes) {
    changedLines += change.added + change.deleted;
    // A rename changes two paths: moving a forbidden file away is as much a change to it as editing it.
    const paths =
      change.from === undefined
        ? [{ raw: change.path, note: "" }]
        : [
            { raw: change.from, note: ` (renamed to ${shown(change.path)})` },
            { raw: change.path, note: ` (renamed from ${shown(change.from)})` },
          ];
    for (const { raw, note } of paths) {
      // One spelling refused is enough to refuse the path; saying it once is enough too.
      for (const spelling of repoPathSpellings(raw)) {
        const found = pathViolations(rules, spelling, raw, note);
        violations.push(...found);
        if (found.length > 0) break;
      }
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
    log: ok
      ? `no violations: ${summary}`
      : [`${violations.length} ${violations.length === 1 ? "violation" : "violations"} in ${summary}:`, ...violations.map((line) => `- ${line}`)].join("\n"),
    exitCode: null,
    durationMs: Math.round(performance.now() - started),
    comments: ok ? null : violations.join("\n"),
  };
}

function pathViolations(rules: Rules, spelling: RepoPath, raw: string, note: string): string[] {
  if (!spelling.ok) return [`${shown(raw)}${note} ${spelling.reason}`];
  const found: string[] = [];
  const hit = rules.forbidden.find((rule) => rule.matches(spelling.path));
  if (hit) found.push(`${shown(spelling.path)}${note} is in forbidPaths '${hit.pattern}'`);
  if (rules.allowed && !rules.allowed(spelling.path)) {
    const allowPaths = rules.allowPaths ?? [];
    found.push(
      allowPaths.length === 0
        ? `${shown(spelling.path)}${note} is changed, but allowPaths is empty: no path may change`
        : `${shown(spelling.path)}${note} is not in allowPaths ${allowPaths.map((pattern) => `'${pattern}'`).join(", ")}`,
    );
  }
  return found;
}

// A name with a newline or another control character is quoted: the violations go into the next prompt,
// where it must not pass for lines of their own.
function shown(path: string): string {
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

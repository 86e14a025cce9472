// A relative spec.workspace.repo means "relative to this YAML file". The runner may run elsewhere
// in the filesystem, so a relative path that exists here is sent as an absolute path.
import { existsSync } from "node:fs";
import path from "node:path";
import type { GoalManifest } from "../spec/goal-spec";

export function absolutizeWorkspaceRepo(manifest: GoalManifest, baseDir: string, exists: (file: string) => boolean = existsSync): GoalManifest {
  const repo = manifest.spec.workspace.repo;
  if (path.isAbsolute(repo) || looksLikeGitUrl(repo)) return manifest;
  const absolute = path.resolve(baseDir, repo);
  if (!exists(absolute)) return manifest;
  return { ...manifest, spec: { ...manifest.spec, workspace: { ...manifest.spec.workspace, repo: absolute } } };
}

// https://…, ssh://…, file://… and scp-like git@host:owner/repo.
function looksLikeGitUrl(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/\\]+@[^/\\]+:/.test(repo);
}

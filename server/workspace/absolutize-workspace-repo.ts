// A relative spec.workspace.repo means "relative to this YAML file". The runner may run elsewhere
// in the filesystem, so it is always sent as an absolute path.
import { existsSync } from "node:fs";
import path from "node:path";
import type { GoalManifest } from "../spec/goal-spec";
import { isGitUrl } from "./is-git-url";

export function absolutizeWorkspaceRepo(manifest: GoalManifest, baseDir: string): GoalManifest {
  const repo = manifest.spec.workspace.repo;
  if (path.isAbsolute(repo) || isGitUrl(repo)) return manifest;
  const absolute = path.resolve(baseDir, repo);
  return { ...manifest, spec: { ...manifest.spec, workspace: { ...manifest.spec.workspace, repo: absolute } } };
}

// A local repository given relative to the YAML file is checked here, so a plain folder is reported at
// apply time rather than when a runner first fails on it.
export function localRepoProblem(manifest: GoalManifest, original: GoalManifest, exists: (file: string) => boolean = existsSync): string | null {
  const repo = manifest.spec.workspace.repo;
  if (repo === original.spec.workspace.repo) return null; // absolute paths and URLs may live on the runner's machine
  if (!exists(repo))
    return `goal '${manifest.metadata.name}': spec.workspace.repo ${original.spec.workspace.repo} (${repo}) does not exist; a relative path is read from the YAML file's folder`;
  const isRepository = exists(path.join(repo, ".git")) || (exists(path.join(repo, "HEAD")) && exists(path.join(repo, "objects")));
  if (isRepository) return null;
  return `goal '${manifest.metadata.name}': spec.workspace.repo ${original.spec.workspace.repo} (${repo}) is not the top folder of a git repository; make it one (git init && git add -A && git commit -m start) or point workspace.repo at a repository`;
}

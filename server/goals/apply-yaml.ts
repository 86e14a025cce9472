// Goal YAML as text, checked and applied on the server, for clients that do not read YAML themselves
// (the MCP tools, the GitHub Action): the same parser as the CLI's, so problems name the line and the
// field, and the same validation and apply as every other door.
import path from "node:path";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { formatSpecError, parseGoalDocuments } from "../spec/parse-goal-yaml";
import type { GoalManifest } from "../spec/goal-spec";
import { absolutizeWorkspaceRepo } from "../workspace/absolutize-workspace-repo";
import { isGitUrl } from "../workspace/is-git-url";
import { applyGoals, validateManifest, type ApplyResult } from "./apply-goal";
import { previewApply, type ApplyPreview } from "./preview-apply";
import { UserError } from "./user-error";

// As much as the CLI reads from one file.
export const MAX_YAML_CHARS = 1024 * 1024;

export const goalYamlInput = z.object({
  yaml: z.string().min(1, "must hold a goal's YAML").max(MAX_YAML_CHARS, `must be at most ${MAX_YAML_CHARS} characters`),
  // Named in problems ("goal.yaml:12:7: …"); the caller's file name, if it has one.
  source: z.string().min(1).max(200).optional(),
  // A relative workspace.repo is read from here (the client's folder); without it one is refused.
  baseDir: z
    .string()
    .min(1)
    .max(4096)
    .refine((dir) => path.isAbsolute(dir), "must be an absolute path")
    .optional(),
});
export type GoalYaml = z.infer<typeof goalYamlInput>;

export async function applyYaml(db: PrismaClient, input: GoalYaml & { paused?: boolean }, actor: string): Promise<{ results: ApplyResult[] }> {
  return { results: await applyGoals(db, manifestsOf(input), actor, { paused: input.paused }) };
}

export async function previewYaml(db: PrismaClient, input: GoalYaml): Promise<{ previews: ApplyPreview[] }> {
  const previews: ApplyPreview[] = [];
  for (const manifest of manifestsOf(input)) previews.push(await previewApply(db, manifest));
  return { previews };
}

function manifestsOf(input: GoalYaml): GoalManifest[] {
  const source = input.source ?? "<yaml>";
  const { goals, errors } = parseGoalDocuments(input.yaml, source);
  if (errors.length > 0) {
    const lines = errors.map(formatSpecError);
    throw new UserError(
      "BAD_REQUEST",
      `${errors.length === 1 ? "1 problem" : `${errors.length} problems`} in the goal YAML; nothing was applied:\n${lines.map((line) => `  ${line}`).join("\n")}`,
      errors.map((error, index) => ({ path: error.path || source, message: lines[index] })),
    );
  }
  return goals.map(({ manifest }, index) => validateManifest(withAbsoluteRepo(manifest, input.baseDir), index));
}

function withAbsoluteRepo(manifest: GoalManifest, baseDir: string | undefined): GoalManifest {
  const repo = manifest.spec.workspace.repo;
  if (path.isAbsolute(repo) || isGitUrl(repo)) return manifest;
  if (baseDir) return absolutizeWorkspaceRepo(manifest, baseDir);
  const message = `'${repo}' is a relative path, which means nothing on the server: give an absolute path on the runners' machine, or a git URL`;
  throw new UserError("BAD_REQUEST", `goal '${manifest.metadata.name}' is invalid:\n  spec.workspace.repo: ${message}`, [
    { path: "spec.workspace.repo", message },
  ]);
}

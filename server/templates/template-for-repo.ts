// A template built for a repository on the web server (the form's "Start from a template"): the same catalog
// as `setpoint new`, the repository read only when SETPOINT_REPO_ROOTS allows it. Reads files, runs nothing.
import { z } from "zod";
import { UserError } from "../goals/user-error";
import { EXECUTORS } from "../spec/goal-spec";
import { repoOutsideRoots, repoRoots } from "../workspace/repo-roots";
import { readRepositoryFacts } from "./repository-facts";
import { buildFromTemplate, TEMPLATE_NAMES, TemplateError, type TemplateResult } from "./template-catalog";

export const templateInput = z.object({
  template: z.enum(TEMPLATE_NAMES as [string, ...string[]], { error: `must be one of: ${TEMPLATE_NAMES.join(", ")}` }),
  repo: z
    .string()
    .trim()
    .min(1, "must be the repository's folder on the server")
    .max(4096)
    .refine((repo) => repo.startsWith("/"), "must be an absolute path to a folder on the server"),
  name: z.string().max(63).optional(),
  intent: z.string().max(4096).optional(),
  coverage: z.number().optional(),
  bench: z.string().max(4096).optional(),
  max: z.number().optional(),
  executor: z.enum(EXECUTORS).optional(),
});

export function templateForRepo(input: z.infer<typeof templateInput>): TemplateResult {
  const outside = repoOutsideRoots(input.repo, repoRoots());
  if (outside) throw new UserError("BAD_REQUEST", `repo: ${outside}`, [{ path: "repo", message: outside }]);
  try {
    return buildFromTemplate(input.template, readRepositoryFacts(input.repo), { ...input, name: input.name?.trim() || undefined });
  } catch (error) {
    if (error instanceof TemplateError) throw new UserError("BAD_REQUEST", (error as Error).message);
    throw error;
  }
}

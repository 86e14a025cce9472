// A run layer's hidden checks: files kept outside the repository (`from`) and copied into the worktree
// (`to`) only while that layer measures, so the agent can never read, edit or overfit them.
import { z } from "zod";
import { normaliseRepoPath } from "../evaluation/normalise-repo-path";
import { text } from "./spec-limits";

export const hiddenChecksSchema = z.strictObject({
  from: text()
    .min(1, "must be an absolute path, e.g. /srv/hidden/calc-tests")
    .refine((written) => written.startsWith("/"), "must be an absolute path to a folder or file outside the repository, e.g. /srv/hidden/calc-tests")
    .refine((written) => !written.split("/").includes(".."), "must not hold '..': name the folder itself"),
  to: text()
    .min(1, "must be a path in the worktree, e.g. test/hidden")
    .superRefine((written, ctx) => {
      const normal = normaliseRepoPath(written);
      if (!normal.ok) ctx.addIssue({ code: "custom", message: `must be a path inside the worktree, e.g. test/hidden; '${written}' ${normal.reason}` });
      else if (normal.path.split("/")[0] === ".git") ctx.addIssue({ code: "custom", message: "must not be in .git" });
    }),
});

export type HiddenChecks = z.infer<typeof hiddenChecksSchema>;

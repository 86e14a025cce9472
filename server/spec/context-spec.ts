// spec.context and spec.contextCommand: project knowledge added to every prompt. A context file is a path in
// the repository (read from the iteration's starting commit) or an absolute path inside SETPOINT_REPO_ROOTS
// (AGENTS.md, CLAUDE.md, a SKILL.md, a design document); the command's output (say `git log -5 --stat`) is added too.
import { normaliseRepoPath } from "../evaluation/normalise-repo-path";
import { list, SPEC_LIMITS, text } from "./spec-limits";

// What a prompt may carry of them: each file cut at fileBytes, all files together at totalBytes.
export const CONTEXT_LIMITS = {
  files: 20,
  fileBytes: 16 * 1024,
  totalBytes: 64 * 1024,
  commandBytes: 16 * 1024,
  commandTimeoutMs: 60_000,
} as const;

const contextPath = text()
  .min(1, "must be a path in the repository (e.g. AGENTS.md) or an absolute path")
  .superRefine((written, ctx) => {
    if (written.startsWith("/")) {
      if (written.split("/").includes("..")) ctx.addIssue({ code: "custom", message: "must not hold '..': name the file itself" });
      return;
    }
    const normal = normaliseRepoPath(written);
    if (!normal.ok) ctx.addIssue({ code: "custom", message: `must be a file in the repository, e.g. AGENTS.md; '${written}' ${normal.reason}` });
    else if (normal.path.split("/")[0] === ".git") ctx.addIssue({ code: "custom", message: "must not be in .git" });
  });

export const contextSchema = list(contextPath, CONTEXT_LIMITS.files, "files").default([]);
export const contextCommandSchema = text(SPEC_LIMITS.commandChars).min(1, "must be a command, e.g. git log -5 --stat").optional();

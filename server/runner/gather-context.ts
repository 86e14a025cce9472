// The project knowledge for one iteration's prompt: spec.context read from the iteration's starting commit,
// and spec.contextCommand run in its worktree like a layer (same user, sandbox, environment; a timeout),
// its output capped. Both masked like every other text a goal's commands produce.
import type { ProjectContext } from "../loop/project-context";
import { readContextFiles } from "../context/read-context-files";
import { runProcess } from "../process/run-process";
import { fileAtCommit } from "../workspace/read-file-at";
import type { Mask } from "../secrets/mask-secrets";
import { CONTEXT_LIMITS } from "../spec/context-spec";
import type { GoalSpec } from "../spec/goal-spec";
import type { GoalCommands } from "./goal-commands";

export async function gatherContext(
  spec: GoalSpec,
  repoDir: string,
  commit: string,
  worktree: string,
  commands: GoalCommands,
  signal: AbortSignal,
  mask: Mask,
): Promise<ProjectContext | null> {
  if (spec.context.length === 0 && !spec.contextCommand) return null;
  const files = (await readContextFiles(spec.context, fileAtCommit(repoDir, commit))).map((file) =>
    "text" in file ? { ...file, text: mask(file.text) } : file,
  );
  if (!spec.contextCommand) return { files, command: null };
  const run = await runProcess({
    command: spec.contextCommand,
    cwd: worktree,
    env: commands.env,
    sandbox: commands.sandbox,
    user: commands.user,
    timeoutMs: CONTEXT_LIMITS.commandTimeoutMs,
    outputLimitBytes: CONTEXT_LIMITS.commandBytes,
    signal,
  });
  return { files, command: { command: spec.contextCommand, output: mask(run.output), exitCode: run.exitCode, timedOut: run.timedOut } };
}

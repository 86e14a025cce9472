// `apply -f`: validate every goal locally (nothing is sent if any is wrong), then create or update them.
import type { Command } from "commander";
import { MAX_BODY_BYTES, MIB } from "../../api/request-limits";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { readGoalFiles } from "../read-goal-files";

export function registerApply(program: Command, context: CliContext): void {
  program
    .command("apply")
    .description("create or update goals from YAML")
    .option(
      "-f, --filename <path>",
      "a YAML file, a folder of *.yaml/*.yml, or - for stdin (repeatable)",
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .option("--paused", "goals created now wait, Paused, until resumed (set their secrets first)")
    .action(async (options: { filename: string[]; paused?: boolean }) => {
      if (options.filename.length === 0) throw new CliError("apply needs -f <file|folder|->");
      const files = await readGoalFiles(options.filename);
      // The schema (zod) loads only when there is something to check.
      const { parseGoalFiles, formatSpecError } = await import("../../spec/parse-goal-yaml");
      const { absolutizeWorkspaceRepo, localRepoProblem } = await import("../../workspace/absolutize-workspace-repo");
      const { goals, errors } = parseGoalFiles(files);
      if (errors.length > 0) {
        const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
        throw new CliError(`${count} in the goal YAML; nothing was applied`, 1, errors.map(formatSpecError));
      }
      const baseDirs = new Map(files.map((file) => [file.source, file.baseDir] as const));
      const manifests = goals.map((goal) => absolutizeWorkspaceRepo(goal.manifest, baseDirs.get(goal.source) ?? process.cwd()));
      const problems = manifests.map((manifest, index) => localRepoProblem(manifest, goals[index].manifest)).filter((problem) => problem !== null);
      if (problems.length > 0) throw new CliError("nothing was applied", 1, problems);
      // The API refuses a bigger body as it arrives; say what to do before sending it.
      const bytes = Buffer.byteLength(JSON.stringify({ manifests, paused: options.paused }));
      if (bytes > MAX_BODY_BYTES) {
        throw new CliError(
          `these ${manifests.length} goals are ${(bytes / MIB).toFixed(1)} MiB as JSON, and one apply may send at most ${MAX_BODY_BYTES / MIB} MiB: apply them in smaller batches; nothing was applied`,
        );
      }
      const { results } = await (await context.api()).apply(manifests, options.paused);
      for (const result of results) context.print(`goal.setpoint.dev/${result.name} ${result.action}`);
    });
}
